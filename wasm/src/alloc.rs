//! The wasm's allocator: blocks of power-of-two sizes, one free list per size, carved from
//! memory the module grows and never returns (wasm memory cannot shrink).
//!
//! Why not std's dlmalloc: it is 6.8 KB of the validation wasm (before wasm-opt), the largest
//! generic piece after the rules and the CSR reader, and this package's allocations are short
//! lived and repeat from call to call (an order's tree, its report, the tape buffers), which is
//! what size classes serve best: an allocation is a pop from its class's list or a bump, a free
//! is a push. The price is memory: a block may be up to twice what was asked for, and a block
//! freed in one class is reused only by that class, so the module keeps the most each class
//! ever held at once. (issue #22; the figures are in the README's size section.)
//!
//! Single-threaded by construction: the wasm32-unknown-unknown target without the `atomics`
//! feature has one thread, which is what makes the `Sync` below sound.

use core::alloc::{GlobalAlloc, Layout};
use core::cell::UnsafeCell;

/// The smallest block, 16 bytes (2^4): room for the free list's link and the most alignment
/// Rust's own types ask for on wasm32, so every block is 16-aligned.
const MIN_SHIFT: usize = 4;
/// Classes 2^4 ..= 2^31 bytes: a wasm32 memory holds at most 4 GiB.
const CLASSES: usize = 32 - MIN_SHIFT;
const PAGE: usize = 65536;
/// Memory grows by at least 1 MiB at a time: each growth costs a call and makes the JS side
/// renew its views of the memory.
const GROW_PAGES: usize = 16;

struct State {
    /// The first free block of each class (0: none); each free block holds the next one's
    /// address in its first word.
    free: [usize; CLASSES],
    /// The unused memory at the end: `next..end`.
    next: usize,
    end: usize,
}

/// The global allocator of the package's wasm.
pub struct SizeClasses(UnsafeCell<State>);

// SAFETY: the target has one thread (see the module's comment), so the state is never touched
// by two callers at once; an allocator is not re-entered.
#[cfg(not(target_feature = "atomics"))]
unsafe impl Sync for SizeClasses {}

impl SizeClasses {
    pub const fn new() -> Self {
        SizeClasses(UnsafeCell::new(State {
            free: [0; CLASSES],
            next: 0,
            end: 0,
        }))
    }
}

/// The class of a layout: the smallest power of two at least its size and its alignment, as a
/// shift; `None` beyond the largest class.
fn class_of(layout: &Layout) -> Option<usize> {
    let need = layout.size().max(layout.align()).max(1 << MIN_SHIFT);
    let shift = (usize::BITS - (need - 1).leading_zeros()) as usize;
    (shift < MIN_SHIFT + CLASSES).then_some(shift)
}

impl State {
    /// A fresh block of `1 << shift` bytes from the end of memory, growing it when needed; 0
    /// when the memory cannot grow. A block is aligned to its size up to a page (so every block
    /// of a class serves every request of that class), and the bytes skipped to align it go to
    /// the free lists.
    fn bump(&mut self, shift: usize, align: usize) -> usize {
        let size = 1usize << shift;
        let align = align.max(size.min(PAGE));
        loop {
            // (Wraps only at the end of a 4 GiB memory, where the test below fails.)
            let start = self.next.wrapping_add(align - 1) & !(align - 1);
            if start >= self.next && start.checked_add(size).is_some_and(|e| e <= self.end) {
                self.release(self.next, start);
                self.next = start + size;
                return start;
            }
            // Enough pages for the block wherever the run ends: with them it fits, so the loop
            // runs at most twice.
            let Some(pages) = size
                .checked_add(align)
                .map(|n| n.div_ceil(PAGE).max(GROW_PAGES))
            else {
                return 0;
            };
            let old = core::arch::wasm32::memory_grow(0, pages);
            if old == usize::MAX {
                return 0;
            }
            let base = old * PAGE;
            // A memory of the whole 4 GiB has no end in 32 bits: nothing more is handed out.
            let Some(end) = (pages * PAGE).checked_add(base) else {
                return 0;
            };
            if base != self.end {
                // Memory grown by someone else: what was left of the old run is freed.
                self.release(self.next, self.end);
                self.next = base;
            }
            self.end = end;
        }
    }

    /// Puts `from..to` on the free lists as the largest blocks aligned to their size.
    fn release(&mut self, mut from: usize, to: usize) {
        while from != 0 && to.saturating_sub(from) >= 1 << MIN_SHIFT {
            let fits = (usize::BITS - 1 - (to - from).leading_zeros()) as usize;
            let shift = fits.min(from.trailing_zeros() as usize);
            self.push(shift, from);
            from += 1 << shift;
        }
    }

    /// Lists `block` as free in class `shift`.
    fn push(&mut self, shift: usize, block: usize) {
        if let Some(head) = self.free.get_mut(shift - MIN_SHIFT) {
            // SAFETY: `block` is free memory of at least 16 bytes, 16-aligned.
            unsafe { *(block as *mut usize) = *head };
            *head = block;
        }
    }
}

unsafe impl GlobalAlloc for SizeClasses {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let Some(shift) = class_of(&layout) else {
            return core::ptr::null_mut();
        };
        // SAFETY: one thread, and no allocation happens while `state` is borrowed.
        let state = unsafe { &mut *self.0.get() };
        if let Some(head) = state.free.get_mut(shift - MIN_SHIFT) {
            let block = *head;
            if block != 0 && block & (layout.align() - 1) == 0 {
                // SAFETY: `block` is a free block of this class, whose first word links the next.
                *head = unsafe { *(block as *const usize) };
                return block as *mut u8;
            }
        }
        state.bump(shift, layout.align()) as *mut u8
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        let Some(shift) = class_of(&layout) else {
            return;
        };
        // SAFETY: as in `alloc`; `ptr` is a block of this class (GlobalAlloc's contract: the
        // same layout it was allocated with), now free, so its first word is ours to link.
        let state = unsafe { &mut *self.0.get() };
        state.push(shift, ptr as usize);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: GlobalAlloc's contract makes the new layout valid.
        let new = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
        if class_of(&layout) == class_of(&new) {
            return ptr;
        }
        let out = unsafe { self.alloc(new) };
        if !out.is_null() {
            // SAFETY: both blocks hold at least the smaller size and do not overlap.
            unsafe {
                core::ptr::copy_nonoverlapping(ptr, out, layout.size().min(new_size));
                self.dealloc(ptr, layout);
            }
        }
        out
    }
}

// The error every failed CertCentralClient call rejects with. Defined in JS because a real Error
// subclass (instanceof Error, a stack) cannot be declared from Rust; the Rust side constructs it.
export class CertCentralError extends Error {
  constructor(message, details) {
    super(message);
    this.name = 'CertCentralError';
    if (details) Object.assign(this, details);
  }
}

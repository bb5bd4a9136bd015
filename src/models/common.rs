//! Pieces every family's request shares (spec pages 002, 003, 004; glossary.md).

use serde::{Deserialize, Serialize};

#[cfg(target_arch = "wasm32")]
use tsify::Tsify;

/// `organization`: an existing organization by id, or a new one's details (glossary).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(Tsify))]
#[serde(untagged)]
pub enum Organization {
    Existing(ExistingOrganization),
    New(Box<NewOrganization>),
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(Tsify))]
pub struct ExistingOrganization {
    /// The organization's ID (List organizations).
    pub id: u64,
}

/// A new organization, created with the order (glossary, "The new-organization object").
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(Tsify))]
pub struct NewOrganization {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assumed_name: Option<String>,
    pub address: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address2: Option<String>,
    pub city: String,
    pub state: String,
    /// A string: postal codes keep leading zeros and letters.
    pub zip: String,
    /// ISO 3166-1 alpha-2, e.g. `us`.
    pub country: String,
    pub telephone: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub container: Option<Container>,
    pub organization_contact: OrganizationContact,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skip_duplicate_org_check: Option<bool>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(Tsify))]
pub struct OrganizationContact {
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub telephone: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub job_title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub telephone_extension: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(Tsify))]
pub struct Container {
    pub id: u64,
}

/// `server_platform`: platform ids are per account; -1 is Other (glossary).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(Tsify))]
pub struct ServerPlatform {
    pub id: i64,
}

/// One entry of `custom_fields`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(Tsify))]
pub struct CustomField {
    pub metadata_id: u64,
    pub value: String,
}

/// `payment_method` (glossary, firm).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(Tsify))]
#[serde(rename_all = "snake_case")]
pub enum PaymentMethod {
    Balance,
    Card,
    Profile,
}

/// `certificate.signature_hash`: code signing and client take only `sha256`; Secure Site also
/// `sha384` and `sha512`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(Tsify))]
#[serde(rename_all = "snake_case")]
pub enum SignatureHash {
    Sha256,
    Sha384,
    Sha512,
}

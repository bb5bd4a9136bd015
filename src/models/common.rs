//! Pieces every family's request shares (spec pages 002, 003, 004; glossary.md).

use serde::{Deserialize, Serialize};

#[cfg(feature = "__ts")]
use tsify::Tsify;

/// `organization`: an existing organization by id, or a new one's details (glossary).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "__ts", derive(Tsify))]
#[serde(untagged)]
pub enum Organization {
    /// An organization the account already has, by id.
    Existing(ExistingOrganization),
    /// A new organization, created with the order (it is then validated).
    New(Box<NewOrganization>),
}

/// `organization` as an existing organization: `{ "id": ... }`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "__ts", derive(Tsify))]
pub struct ExistingOrganization {
    /// The organization's ID (List organizations).
    pub id: u64,
}

/// A new organization, created with the order (glossary, "The new-organization object").
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "__ts", derive(Tsify))]
pub struct NewOrganization {
    /// The organization's legal name.
    pub name: String,
    /// A "doing business as" name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assumed_name: Option<String>,
    /// The street address.
    pub address: String,
    /// A second address line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address2: Option<String>,
    /// The city.
    pub city: String,
    /// The state or province.
    pub state: String,
    /// A string: postal codes keep leading zeros and letters.
    pub zip: String,
    /// ISO 3166-1 alpha-2, e.g. `us`.
    pub country: String,
    /// The organization's telephone number.
    pub telephone: String,
    /// The container (account division) the organization belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub container: Option<Container>,
    /// Who DigiCert contacts to validate the organization.
    pub organization_contact: OrganizationContact,
    /// `true` creates the organization even when one with the same details exists.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skip_duplicate_org_check: Option<bool>,
}

/// A new organization's `organization_contact` (glossary, "The new-organization object").
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "__ts", derive(Tsify))]
pub struct OrganizationContact {
    /// The contact's first name.
    pub first_name: String,
    /// The contact's last name.
    pub last_name: String,
    /// The contact's e-mail address.
    pub email: String,
    /// The contact's telephone number.
    pub telephone: String,
    /// The contact's job title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub job_title: Option<String>,
    /// The contact's telephone extension.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub telephone_extension: Option<String>,
}

/// `container`: a container (a division of the account with its own users and settings), by id.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "__ts", derive(Tsify))]
pub struct Container {
    /// The container's ID.
    pub id: u64,
}

/// `server_platform`: platform ids are per account; -1 is Other (glossary).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "__ts", derive(Tsify))]
pub struct ServerPlatform {
    /// The platform's ID: -1 Other, 2 Apache, 45 nginx, ...; for code signing, the token or HSM
    /// (55 Sun Java).
    pub id: i64,
}

/// One entry of `custom_fields`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "__ts", derive(Tsify))]
pub struct CustomField {
    /// The custom field's ID (the account's custom order fields).
    pub metadata_id: u64,
    /// Its value.
    pub value: String,
}

/// `payment_method` (glossary, firm).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "__ts", derive(Tsify))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum PaymentMethod {
    /// The account balance (the default).
    Balance,
    /// A credit card.
    Card,
    /// The account's saved payment profile.
    Profile,
}

/// `certificate.signature_hash`: code signing and client take only `sha256`; Secure Site also
/// `sha384` and `sha512` (glossary, firm).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "__ts", derive(Tsify))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum SignatureHash {
    /// `sha256`: every family.
    Sha256,
    /// `sha384`: Secure Site only.
    Sha384,
    /// `sha512`: Secure Site only.
    Sha512,
}

// generated from src/products.rs by tests/js_facts.rs, do not edit (UPDATE_JS_FACTS=1 cargo test --test js_facts rewrites it)

/** A product id of `POST /order/certificate/{product_id}`. */
export type ProductId =
    | "code_signing"
    | "code_signing_ev"
    | "client_premium_sha2"
    | "client_email_security_plus"
    | "client_authentication_plus"
    | "client_digital_signature_plus_sha2"
    | "ssl_securesite"
    | "ssl_securesite_multi_domain"
    | "ssl_securesite_wildcard"
    | "ssl_ev_securesite"
    | "ssl_ev_securesite_multi_domain"
    | "secure_email_mailbox"
    | "secure_email_sponsor"
    | "secure_email_organization";

/** Each product's request body. */
export interface OrderBodies {
    code_signing: CodeSigningOrder;
    code_signing_ev: CodeSigningOrder;
    client_premium_sha2: ClientOrder;
    client_email_security_plus: ClientOrder;
    client_authentication_plus: ClientOrder;
    client_digital_signature_plus_sha2: ClientOrder;
    ssl_securesite: SslOrder;
    ssl_securesite_multi_domain: SslOrder;
    ssl_securesite_wildcard: SslOrder;
    ssl_ev_securesite: SslOrder;
    ssl_ev_securesite_multi_domain: SslOrder;
    secure_email_mailbox: SecureEmailOrder;
    secure_email_sponsor: SecureEmailOrder;
    secure_email_organization: SecureEmailOrder;
}

/** The request body of product `P`: `OrderFor<"ssl_securesite">` is `SslOrder`. */
export type OrderFor<P extends ProductId> = OrderBodies[P];

/** `certificate.signature_hash` on Secure Site orders, from the field table. */
export type SslSignatureHash = "sha256" | "sha384" | "sha512";

/** `validity_years` on Secure Site orders, from the field table. */
export type SslValidityYears = 1 | 2 | 3;

/** `order_validity.years` on Secure Site orders, from the field table. */
export type SslOrderValidityYears = 1 | 2 | 3;

/** `certificate.signature_hash` on client certificate orders, from the field table. */
export type ClientSignatureHash = "sha256";

/** `validity_years` on client certificate orders, from the field table. */
export type ClientValidityYears = 1 | 2;

/** `certificate.signature_hash` on code signing orders, from the field table. */
export type CodeSigningSignatureHash = "sha256";

/** `validity_years` on code signing orders, from the field table. */
export type CodeSigningValidityYears = 1 | 2 | 3;

/** `order_validity.years` on code signing orders, from the field table. */
export type CodeSigningOrderValidityYears = 1 | 2 | 3;

/** `certificate.signature_hash` on Secure Email orders, from the field table. */
export type SecureEmailSignatureHash = "sha256" | (string & {});

/** `validity_years` on Secure Email orders, from the field table. */
export type SecureEmailValidityYears = 1 | 2;

/** `order_validity.years` on Secure Email orders, from the field table. */
export type SecureEmailOrderValidityYears = 1 | 2;

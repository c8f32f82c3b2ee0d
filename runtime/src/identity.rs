//! A client certificate and its private key (mutual TLS; OpenAPI 3.1's `mutualTLS` security
//! scheme), given to the builder as PEM and handed to the TLS backend built in: the rustls
//! configuration the runtime makes (`rustls`), or reqwest's `Identity` (`native-tls`).

use std::fmt;

#[cfg(any(feature = "rustls", feature = "native-tls"))]
use crate::client::BuildError;

/// The certificate (chain) and key, as given; the key never shows itself.
#[derive(Clone)]
pub(crate) struct ClientIdentity {
    certificate: Vec<u8>,
    key: Vec<u8>,
}

impl ClientIdentity {
    pub(crate) fn new(certificate: Vec<u8>, key: Vec<u8>) -> Self {
        Self { certificate, key }
    }

    /// The certificate chain and key for a rustls `ClientConfig`. Errors never quote the key.
    #[cfg(feature = "rustls")]
    #[cfg_attr(feature = "native-tls", allow(dead_code))]
    pub(crate) fn rustls(
        &self,
    ) -> Result<
        (
            Vec<rustls::pki_types::CertificateDer<'static>>,
            rustls::pki_types::PrivateKeyDer<'static>,
        ),
        BuildError,
    > {
        use rustls::pki_types::pem::PemObject;
        use rustls::pki_types::{CertificateDer, PrivateKeyDer};
        let chain: Vec<CertificateDer<'static>> = CertificateDer::pem_slice_iter(&self.certificate)
            .collect::<Result<_, _>>()
            .map_err(|_| BuildError::new("the client certificate is not valid PEM", None))?;
        if chain.is_empty() {
            return Err(BuildError::new(
                "the client certificate PEM holds no certificate",
                None,
            ));
        }
        let key = PrivateKeyDer::from_pem_slice(&self.key).map_err(|_| {
            BuildError::new(
                "the client key is not a PEM private key (PKCS#8, PKCS#1 or SEC1)",
                None,
            )
        })?;
        Ok((chain, key))
    }

    /// reqwest's `Identity` of the `native-tls` backend (the key in PKCS#8).
    #[cfg(feature = "native-tls")]
    pub(crate) fn native(&self) -> Result<reqwest::Identity, BuildError> {
        reqwest::Identity::from_pkcs8_pem(&self.certificate, &self.key).map_err(|_| {
            BuildError::new(
                "the client certificate and key (PEM, the key in PKCS#8) are not a usable identity",
                None,
            )
        })
    }
}

impl fmt::Debug for ClientIdentity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientIdentity")
            .field(
                "certificate",
                &format_args!("{} bytes", self.certificate.len()),
            )
            .field("key", &format_args!("<redacted>"))
            .finish()
    }
}

impl Drop for ClientIdentity {
    /// Overwrites the key, so that it does not linger in freed memory (best effort).
    fn drop(&mut self) {
        self.key.fill(0);
        std::hint::black_box(&mut self.key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_key() {
        let key = b"-----BEGIN PRIVATE KEY-----\nS3CRETKEYBYTES\n-----END PRIVATE KEY-----\n";
        let id = ClientIdentity::new(b"cert".to_vec(), key.to_vec());
        let shown = format!("{id:?} {id:#?}");
        assert!(!shown.contains("S3CRET"), "{shown}");
        assert!(!shown.contains("PRIVATE"), "{shown}");
        assert!(shown.contains("<redacted>"), "{shown}");
    }

    #[test]
    fn builder_debug_never_shows_the_key() {
        let builder = crate::client::ClientBuilder::default()
            .client_identity(b"cert".to_vec(), b"S3CRET".to_vec());
        let shown = format!("{builder:?}");
        assert!(!shown.contains("S3CRET"), "{shown}");
        assert!(shown.contains("client_identity: Some("), "{shown}");
    }

    #[test]
    fn an_identity_with_a_given_http_client_is_a_build_error() {
        let e = crate::client::ClientBuilder::default()
            .base_url("http://127.0.0.1:1")
            .http_client(
                crate::client::ClientBuilder::http_client_builder()
                    .unwrap()
                    .build()
                    .unwrap(),
            )
            .client_identity(b"cert".to_vec(), b"S3CRET".to_vec())
            .build()
            .unwrap_err();
        assert!(e.to_string().contains("http_client"), "{e}");
    }

    #[cfg(not(any(feature = "rustls", feature = "native-tls")))]
    #[test]
    fn without_a_tls_backend_an_identity_is_a_build_error() {
        let e = crate::client::ClientBuilder::default()
            .base_url("http://127.0.0.1:1")
            .client_identity(b"cert".to_vec(), b"S3CRET".to_vec())
            .build()
            .unwrap_err();
        assert!(
            e.to_string().contains("needs the `rustls` or `native-tls`"),
            "{e}"
        );
    }

    #[cfg(feature = "rustls")]
    #[test]
    fn bad_pem_is_an_error_that_does_not_quote_the_key() {
        let key = b"-----BEGIN PRIVATE KEY-----\nS3CRET!!\n-----END PRIVATE KEY-----\n";
        let no_cert = ClientIdentity::new(Vec::new(), key.to_vec());
        let e = no_cert.rustls().unwrap_err();
        assert!(e.to_string().contains("no certificate"), "{e}");
        let cert = b"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n";
        let bad_key = ClientIdentity::new(cert.to_vec(), key.to_vec());
        let e = bad_key.rustls().unwrap_err();
        assert!(!format!("{e} {e:?}").contains("S3CRET"), "{e:?}");
    }
}

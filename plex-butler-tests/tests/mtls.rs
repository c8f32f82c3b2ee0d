//! Mutual TLS (`ClientBuilder::client_identity`), with whichever TLS feature is enabled: a
//! real handshake on 127.0.0.1 with a rustls server that requires a client certificate
//! issued by its CA. The client with that CA's certificate and key is served; without an
//! identity, or with a certificate of another CA, it is refused during the handshake (a
//! transport error). The key never shows in `Debug` output or build errors.
//!
//! The certificates are made per run (rcgen). The client trusts the test CA through
//! `SSL_CERT_FILE`, which both the platform verifier of `rustls` (rustls-native-certs) and
//! OpenSSL (`native-tls`) read; it is set once, before anything else runs, so this file holds
//! a single test (another thread reading the environment meanwhile would race).

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use plex_butler::{Client, Error, RetryPolicy};
use rcgen::{
    BasicConstraints, CertificateParams, CertifiedIssuer, ExtendedKeyUsagePurpose, IsCa, KeyPair,
    KeyUsagePurpose,
};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// A CA, and a certificate with its key (PEM) issued by it.
struct Pki {
    ca: CertifiedIssuer<'static, KeyPair>,
}

impl Pki {
    fn new(name: &str) -> Pki {
        let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
        params
            .distinguished_name
            .push(rcgen::DnType::CommonName, format!("{name} test CA"));
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        let ca = CertifiedIssuer::self_signed(params, KeyPair::generate().unwrap()).unwrap();
        Pki { ca }
    }

    /// `(certificate PEM, key PEM)` for these names (DNS names or IP addresses).
    fn issue(&self, names: &[&str], purpose: ExtendedKeyUsagePurpose) -> (String, String) {
        let names: Vec<String> = names.iter().map(|n| (*n).to_owned()).collect();
        let mut params = CertificateParams::new(names).unwrap();
        params.extended_key_usages = vec![purpose];
        let key = KeyPair::generate().unwrap();
        let cert = params.signed_by(&key, &self.ca).unwrap();
        (cert.pem(), key.serialize_pem())
    }
}

/// A TLS server on 127.0.0.1 that requires a client certificate issued by `client_ca`, and
/// answers `200` (no body) to each request. Counts the handshakes it completed.
async fn server(pki: &Pki, client_ca: &Pki) -> (u16, Arc<AtomicUsize>) {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut roots = rustls::RootCertStore::empty();
    roots.add(client_ca.ca.der().clone()).unwrap();
    let verifier =
        rustls::server::WebPkiClientVerifier::builder_with_provider(roots.into(), provider.clone())
            .build()
            .unwrap();
    let (cert, key) = pki.issue(
        &["localhost", "127.0.0.1"],
        ExtendedKeyUsagePurpose::ServerAuth,
    );
    let chain = vec![CertificateDer::from_pem_slice(cert.as_bytes()).unwrap()];
    let key = PrivateKeyDer::from_pem_slice(key.as_bytes()).unwrap();
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_client_cert_verifier(verifier)
        .with_single_cert(chain, key)
        .unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let served = Arc::new(AtomicUsize::new(0));
    let count = served.clone();
    tokio::spawn(async move {
        while let Ok((tcp, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            let count = count.clone();
            tokio::spawn(async move {
                let Ok(mut tls) = acceptor.accept(tcp).await else {
                    return;
                };
                assert!(tls.get_ref().1.peer_certificates().is_some());
                count.fetch_add(1, Ordering::SeqCst);
                let mut seen = Vec::new();
                let mut buf = [0u8; 1024];
                while !seen.windows(4).any(|w| w == b"\r\n\r\n") {
                    match tls.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => seen.extend_from_slice(&buf[..n]),
                    }
                }
                let _ = tls
                    .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\nconnection: close\r\n\r\n")
                    .await;
                let _ = tls.shutdown().await;
            });
        }
    });
    (port, served)
}

fn builder(port: u16) -> plex_butler::ClientBuilder {
    Client::builder()
        .base_url(format!("https://localhost:{port}"))
        .retry(RetryPolicy::disabled())
}

#[test]
fn a_server_requiring_a_client_certificate_accepts_the_identity_and_refuses_the_rest() {
    let pki = Pki::new("server");
    let ca_file =
        std::env::temp_dir().join(format!("plex-butler-mtls-ca-{}.pem", std::process::id()));
    std::fs::write(&ca_file, pki.ca.pem()).unwrap();
    // SAFETY: no other thread runs yet (one test in this binary, no runtime started).
    unsafe { std::env::set_var("SSL_CERT_FILE", &ca_file) };

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let (port, served) = server(&pki, &pki).await;
        let (cert, key) = pki.issue(&["client"], ExtendedKeyUsagePurpose::ClientAuth);

        // With the identity: served.
        let with_identity = builder(port)
            .client_identity(cert.clone(), key.clone())
            .build()
            .expect("client builds");
        with_identity
            .start_tasks()
            .await
            .expect("the server accepts the client certificate");
        assert_eq!(served.load(Ordering::SeqCst), 1);

        // Without one: refused in the handshake.
        let without = builder(port).build().expect("client builds");
        let error = without.start_tasks().await.unwrap_err();
        assert!(matches!(error, Error::Transport(_)), "{error:?}");

        // With a certificate of another CA: refused too.
        let (other_cert, other_key) =
            Pki::new("other").issue(&["client"], ExtendedKeyUsagePurpose::ClientAuth);
        let stranger = builder(port)
            .client_identity(other_cert, other_key)
            .build()
            .expect("client builds");
        let error = stranger.start_tasks().await.unwrap_err();
        assert!(matches!(error, Error::Transport(_)), "{error:?}");
        assert_eq!(served.load(Ordering::SeqCst), 1);

        // The key is never shown: not by the builder's or the client's `Debug`, nor by a
        // build error about it.
        let key_body: String = key.lines().filter(|l| !l.starts_with("-----")).collect();
        let builder = builder(port).client_identity(cert.clone(), key.clone());
        let shown = format!("{builder:?} {builder:#?} {with_identity:?}");
        assert!(shown.contains("client_identity"), "{shown}");
        for secret in [&key_body[..], &key_body[..16], "PRIVATE KEY"] {
            assert!(!shown.contains(secret), "{shown}");
        }
        let truncated = &key[..key.len() / 2];
        let error = plex_butler::Client::builder()
            .base_url("https://localhost:1")
            .client_identity(cert, truncated)
            .build()
            .unwrap_err();
        let shown = format!("{error} {error:?}");
        assert!(!shown.contains(&key_body[..16]), "{shown}");
    });
    let _ = std::fs::remove_file(&ca_file);
}

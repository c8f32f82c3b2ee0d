//! Streamed bodies stay out of memory: a 1 GiB download and a 100 MiB file upload through
//! the client, with the peak resident memory of this test binary (its own process: one
//! test) checked under 64 MiB. Linux only (`/proc/self/status`). The numbers it prints
//! (`--nocapture`) are in BENCHMARKS.md, "Streamed bodies".

#[macro_use]
mod common;

use std::time::Instant;

use codegen_runtime::reqwest::Method;
use codegen_runtime::{OperationInfo, UploadBody};
use common::*;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const GIB: u64 = 1 << 30;
const MIB: u64 = 1 << 20;
/// The bound the issue sets on the process's peak memory.
const PEAK_LIMIT: u64 = 64 * MIB;

probe_info!(
    PutProbe,
    OperationInfo::new("putProbe", Method::PUT, "/upload").with_security(API_KEY)
);

/// The peak resident set size of this process so far (`VmHWM`), in bytes.
fn peak_rss() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .expect("VmHWM in /proc/self/status");
    let kib: u64 = line
        .split_whitespace()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap();
    kib * 1024
}

fn mib(bytes: u64) -> f64 {
    bytes as f64 / MIB as f64
}

/// A server answering each request with `size` bytes made as they are sent (one 64 KiB
/// buffer, written again and again), or, to a PUT, reading the body and answering with
/// how many bytes came.
async fn server(size: u64) -> String {
    let addr = raw_server(move |mut stream| async move {
        let head = read_head(&mut stream).await;
        if head.starts_with("PUT") {
            let length: u64 = head
                .lines()
                .find_map(|l| l.to_ascii_lowercase().strip_prefix("content-length:").map(|v| v.trim().to_owned()))
                .and_then(|v| v.parse().ok())
                .unwrap_or(0);
            let mut buf = vec![0u8; 256 * 1024];
            let mut got = 0u64;
            while got < length {
                match stream.read(&mut buf).await {
                    Ok(0) | Err(_) => break,
                    Ok(n) => got += n as u64,
                }
            }
            let body = got.to_string();
            let answer = format!(
                "HTTP/1.1 200 OK\r\ncontent-length: {}\r\ncontent-type: text/plain\r\n\r\n{body}",
                body.len()
            );
            let _ = stream.write_all(answer.as_bytes()).await;
            return;
        }
        let answer = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/octet-stream\r\ncontent-length: {size}\r\n\r\n"
        );
        if stream.write_all(answer.as_bytes()).await.is_err() {
            return;
        }
        let chunk = vec![0x5au8; 64 * 1024];
        let mut left = size;
        while left > 0 {
            let n = left.min(chunk.len() as u64) as usize;
            if stream.write_all(&chunk[..n]).await.is_err() {
                return;
            }
            left -= n as u64;
        }
    })
    .await;
    url(addr)
}

#[test]
fn a_gib_download_and_a_100_mib_upload_stay_under_64_mib() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let base = server(GIB).await;
        let at_start = peak_rss();

        // A plain reqwest download of the same body, for comparison.
        let started = Instant::now();
        let plain_client = ClientBuilder::http_client_builder()
            .unwrap()
            .build()
            .unwrap();
        let mut response = plain_client
            .get(format!("{base}/file"))
            .send()
            .await
            .unwrap();
        let mut plain = 0u64;
        while let Some(chunk) = response.chunk().await.unwrap() {
            plain += chunk.len() as u64;
        }
        let plain_time = started.elapsed();
        assert_eq!(plain, GIB);
        let after_plain = peak_rss();

        // Through the client, written to a sink.
        let client = builder(&base)
            .timeout(std::time::Duration::from_secs(120))
            .build()
            .unwrap();
        let started = Instant::now();
        let response = client
            .call(Probe::<GetProbe>::path("/file"))
            .stream()
            .await
            .unwrap();
        assert_eq!(response.content_length(), Some(GIB));
        let written = response.write_to(&mut tokio::io::sink()).await.unwrap();
        let client_time = started.elapsed();
        assert_eq!(written, GIB);
        let after_download = peak_rss();

        // A 100 MiB file, uploaded through the client.
        let path =
            std::env::temp_dir().join(format!("codegen-runtime-100mib-{}", std::process::id()));
        {
            let mut file = std::fs::File::create(&path).unwrap();
            let piece = vec![0xa5u8; MIB as usize];
            for _ in 0..100 {
                std::io::Write::write_all(&mut file, &piece).unwrap();
            }
        }
        let started = Instant::now();
        let counted = client
            .call(Probe::<PutProbe>::new({
                let path = path.clone();
                move |parts| {
                    parts.path_literal("/upload");
                    parts.bytes_body("application/octet-stream", UploadBody::file(&path));
                    Ok(())
                }
            }))
            .send()
            .await
            .unwrap();
        let upload_time = started.elapsed();
        std::fs::remove_file(&path).unwrap();
        assert_eq!(counted, (100 * MIB).to_string());
        let after_upload = peak_rss();

        let rate = |bytes: u64, time: std::time::Duration| mib(bytes) / time.as_secs_f64();
        println!(
            "peak RSS: {:.1} MiB at start, {:.1} MiB after plain reqwest, {:.1} MiB after the \
             1 GiB download, {:.1} MiB after the 100 MiB upload",
            mib(at_start),
            mib(after_plain),
            mib(after_download),
            mib(after_upload)
        );
        println!(
            "1 GiB download: plain reqwest {:.2} s ({:.0} MiB/s), client stream {:.2} s \
             ({:.0} MiB/s); 100 MiB file upload {:.2} s ({:.0} MiB/s)",
            plain_time.as_secs_f64(),
            rate(GIB, plain_time),
            client_time.as_secs_f64(),
            rate(GIB, client_time),
            upload_time.as_secs_f64(),
            rate(100 * MIB, upload_time)
        );
        assert!(
            after_upload < PEAK_LIMIT,
            "peak RSS {:.1} MiB is over 64 MiB",
            mib(after_upload)
        );
    });
}

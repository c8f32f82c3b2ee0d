//! Contract test: every operation of the generated client against Stoplight Prism mocking
//! `spec/plex-api-spec.yaml` on 127.0.0.1. Prism validates each request against the spec
//! (answering 4xx/422 on a violation) and answers with the spec's examples, which the client
//! must decode.
//!
//! Prism comes from npm (`npm ci --prefix tools/prism`, which `.ci/run` does). Where npm is
//! absent the test is skipped with a loud message; where npm is present but Prism is not
//! installed, the test fails and says how to install it.

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use plex_butler::operations::{StartTaskRequest, StartTaskResponse, StopTaskRequest};
use plex_butler::{ButlerTask, Client};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn prism_binary() -> Option<PathBuf> {
    if let Ok(p) = std::env::var("PRISM_BIN") {
        return Some(PathBuf::from(p));
    }
    let local = root().join("tools/prism/node_modules/.bin/prism");
    local.exists().then_some(local)
}

fn on_path(tool: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|d| d.join(tool).is_file()))
}

struct Prism(Child);

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

fn start_prism(bin: &Path) -> (Prism, SocketAddr) {
    let port = free_port();
    let child = Command::new(bin)
        .args([
            "mock",
            "--host",
            "127.0.0.1",
            "--port",
            &port.to_string(),
            "--errors",
        ])
        .arg(root().join("spec/plex-api-spec.yaml"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("prism starts");
    let prism = Prism(child);
    let addr: SocketAddr = ([127, 0, 0, 1], port).into();
    let deadline = Instant::now() + Duration::from_secs(60);
    while TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_err() {
        assert!(
            Instant::now() < deadline,
            "prism did not listen on {addr} within 60 s"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    (prism, addr)
}

#[tokio::test]
async fn every_operation_passes_prism_validation() {
    let Some(bin) = prism_binary() else {
        if on_path("npm") {
            panic!(
                "Prism is not installed: run `npm ci --prefix tools/prism` (npm is available, so this test must run)"
            );
        }
        eprintln!(
            "\n!!!!!!!! SKIPPED contract test: npm is not installed, so Stoplight Prism cannot be. !!!!!!!!\n"
        );
        return;
    };
    let (_prism, addr) = start_prism(&bin);
    let client = Client::builder()
        .base_url(format!("http://{addr}"))
        .token("contract-token")
        .client_identifier("abc123")
        .product("Plex for Roku")
        .version("2.4.1")
        .platform("Roku")
        .platform_version("4.3 build 1057")
        .device("Roku 3")
        .model("4200X")
        .device_vendor("Roku")
        .device_name("Living Room TV")
        .marketplace("googlePlay")
        .accepts(plex_butler::Accepts::ApplicationJson)
        .build()
        .expect("client builds");

    let tasks = client
        .get_tasks()
        .await
        .expect("getTasks validates and decodes the example");
    let list = tasks
        .butler_tasks
        .expect("example has ButlerTasks")
        .butler_task;
    assert_eq!(list[0].name.as_deref(), Some("BackupDatabase"));
    client.start_tasks().await.expect("startTasks validates");
    client.stop_tasks().await.expect("stopTasks validates");
    for task in ButlerTask::VALUES {
        let started = client
            .start_task(StartTaskRequest::new(ButlerTask::from(*task)))
            .await
            .expect("startTask validates");
        assert!(matches!(
            started,
            StartTaskResponse::Ok | StartTaskResponse::Accepted
        ));
        client
            .stop_task(StopTaskRequest::new(ButlerTask::from(*task)))
            .await
            .expect("stopTask validates");
    }

    // A request that violates the spec is rejected by Prism: proof that it validates.
    let bad = client.start_task(ButlerTask::from("NotATask")).await;
    assert!(
        bad.is_err(),
        "Prism must reject an unknown task name: {bad:?}"
    );
}

//! Every Butler operation against a real HTTP server on 127.0.0.1 (wiremock): what goes on
//! the wire, and how every documented (and undocumented) answer is typed.

use plex_butler::operations::{
    GetTasksError, StartTaskError, StartTaskRequest, StartTaskResponse, StartTasksError,
    StopTaskError, StopTasksError,
};
use plex_butler::{ButlerTask, Client, Error};
use serde_json::json;
use wiremock::matchers::{header, header_exists, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "secret-token";

fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .token(TOKEN)
        .client_identifier("abc123")
        .product("Plex for Roku")
        .build()
        .expect("client builds")
}

fn errors_body(code: i32, message: &str, status: i32) -> serde_json::Value {
    json!({"errors": [{"code": code, "message": message, "status": status}]})
}

fn tasks_body() -> serde_json::Value {
    json!({"ButlerTasks": {"ButlerTask": [
        {"name": "BackupDatabase", "interval": 3, "scheduleRandomized": false, "enabled": false,
         "title": "Backup Database", "description": "Create a backup copy", "somethingNew": [1, 2]},
        {"name": "SomeFutureTask", "interval": 7, "enabled": true}
    ]}})
}

/// The example from the issue, end to end.
#[tokio::test]
async fn issue_example_behaves_as_documented() -> Result<(), Box<dyn std::error::Error>> {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/butler"))
        .respond_with(ResponseTemplate::new(200).set_body_json(tasks_body()))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/butler/BackupDatabase"))
        .respond_with(ResponseTemplate::new(202))
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path("/butler/SomeFutureTask"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/butler"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path("/butler"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;

    let client = Client::builder()
        .base_url(server.uri())
        .token("secret-token")
        .client_identifier("abc123")
        .product("Plex for Roku")
        .build()?;
    let tasks = client.get_tasks().await?;
    let first = tasks
        .butler_tasks
        .and_then(|t| t.butler_task.into_iter().next());
    assert_eq!(
        first.and_then(|t| t.name).as_deref(),
        Some("BackupDatabase")
    );
    let outcome = match client.start_task(ButlerTask::BackupDatabase).await {
        Ok(StartTaskResponse::Ok) => "started",
        Ok(StartTaskResponse::Accepted) => "already running",
        Err(Error::Api {
            error: StartTaskError::NotFound,
            ..
        }) => "no such task",
        Err(Error::Api {
            error: StartTaskError::Unauthorized(body),
            ..
        }) => {
            println!("{}", body.errors[0].code);
            "unauthorized"
        }
        Err(other) => return Err(other.into()),
    };
    assert_eq!(outcome, "already running");
    client.stop_task(ButlerTask::from("SomeFutureTask")).await?;
    client.start_tasks().await?;
    client.stop_tasks().await?;
    assert!(!format!("{client:?}").contains("secret-token"));
    Ok(())
}

#[tokio::test]
async fn get_tasks_sends_token_accept_and_decodes_the_body() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/butler"))
        .and(header("X-Plex-Token", TOKEN))
        .and(header("Accept", "application/json"))
        .respond_with(ResponseTemplate::new(200).set_body_json(tasks_body()))
        .expect(1)
        .mount(&server)
        .await;
    let tasks = client(&server).get_tasks().await.expect("200 decodes");
    let list = tasks.butler_tasks.expect("ButlerTasks present").butler_task;
    assert_eq!(list.len(), 2);
    assert_eq!(list[0].name.as_deref(), Some("BackupDatabase"));
    assert_eq!(list[0].interval, Some(3));
    assert_eq!(list[0].schedule_randomized, Some(false));
    assert_eq!(list[0].title.as_deref(), Some("Backup Database"));
    // An unknown task name from a newer server is just data.
    assert_eq!(list[1].name.as_deref(), Some("SomeFutureTask"));
    assert_eq!(list[1].enabled, Some(true));
}

#[tokio::test]
async fn start_and_stop_task_send_path_and_client_headers() {
    let server = MockServer::start().await;
    for (m, status) in [("POST", 200), ("DELETE", 200)] {
        Mock::given(method(m))
            .and(path("/butler/RefreshLocalMedia"))
            .and(header("X-Plex-Token", TOKEN))
            .and(header("X-Plex-Client-Identifier", "abc123"))
            .and(header("X-Plex-Product", "Plex for Roku"))
            .and(header("Accept", "application/json"))
            .respond_with(ResponseTemplate::new(status))
            .expect(1)
            .mount(&server)
            .await;
    }
    let c = client(&server);
    assert_eq!(
        c.start_task(ButlerTask::RefreshLocalMedia)
            .await
            .expect("started"),
        StartTaskResponse::Ok
    );
    c.stop_task(ButlerTask::RefreshLocalMedia)
        .await
        .expect("stopped");
}

#[tokio::test]
async fn per_call_parameters_override_client_defaults() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/butler/CleanOldBundles"))
        .and(header("X-Plex-Client-Identifier", "per-call"))
        .and(header("X-Plex-Product", "Plex for Roku"))
        .and(header("X-Plex-Device-Name", "Living Room TV"))
        .and(header("accepts", "application/json"))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;
    let request = StartTaskRequest::new(ButlerTask::CleanOldBundles)
        .client_identifier("per-call")
        .device_name("Living Room TV")
        .accepts(plex_butler::Accepts::ApplicationJson);
    client(&server).start_task(request).await.expect("started");
}

#[tokio::test]
async fn operations_without_declared_client_headers_do_not_send_them() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/butler"))
        .and(header_exists("X-Plex-Client-Identifier"))
        .respond_with(ResponseTemplate::new(500))
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path("/butler"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    client(&server)
        .stop_tasks()
        .await
        .expect("no client headers on stopTasks, as the spec says");
}

#[tokio::test]
async fn start_task_maps_every_documented_status() {
    let server = MockServer::start().await;
    let c = client(&server);
    let cases: Vec<(u16, serde_json::Value)> = vec![
        (200, json!(null)),
        (202, json!(null)),
        (
            400,
            errors_body(1000, "X-Plex-Client-Identifier is missing", 400),
        ),
        (
            401,
            errors_body(1001, "User could not be authenticated", 401),
        ),
        (404, json!(null)),
    ];
    for (status, body) in cases {
        server.reset().await;
        let mut resp = ResponseTemplate::new(status);
        if !body.is_null() {
            resp = resp.set_body_json(body);
        }
        Mock::given(method("POST"))
            .and(path("/butler/BackupDatabase"))
            .respond_with(resp)
            .mount(&server)
            .await;
        let got = c.start_task(ButlerTask::BackupDatabase).await;
        match (status, got) {
            (200, Ok(StartTaskResponse::Ok)) | (202, Ok(StartTaskResponse::Accepted)) => {}
            (
                400,
                Err(Error::Api {
                    error: StartTaskError::BadRequest(b),
                    ..
                }),
            ) => {
                assert_eq!(b.errors[0].code, 1000)
            }
            (
                401,
                Err(Error::Api {
                    error: StartTaskError::Unauthorized(b),
                    ..
                }),
            ) => {
                assert_eq!(b.errors[0].code, 1001);
                assert_eq!(b.errors[0].message, "User could not be authenticated");
                assert_eq!(b.errors[0].status, 401);
            }
            (
                404,
                Err(Error::Api {
                    error: e @ StartTaskError::NotFound,
                    ..
                }),
            ) => {
                assert_eq!(e.status().as_u16(), 404)
            }
            (s, other) => panic!("status {s} mapped to {other:?}"),
        }
    }
}

#[tokio::test]
async fn stop_task_and_bulk_operations_map_their_statuses() {
    let server = MockServer::start().await;
    let c = client(&server);
    Mock::given(method("DELETE"))
        .and(path("/butler/BackupDatabase"))
        .respond_with(ResponseTemplate::new(404))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/butler"))
        .respond_with(ResponseTemplate::new(401).set_body_json(errors_body(1001, "no", 401)))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/butler"))
        .respond_with(ResponseTemplate::new(400).set_body_json(errors_body(1000, "x", 400)))
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path("/butler"))
        .respond_with(ResponseTemplate::new(401).set_body_json(errors_body(1001, "no", 401)))
        .mount(&server)
        .await;
    assert!(matches!(
        c.stop_task(ButlerTask::BackupDatabase).await,
        Err(Error::Api {
            error: StopTaskError::NotFound,
            ..
        })
    ));
    assert!(matches!(
        c.get_tasks().await,
        Err(Error::Api {
            error: GetTasksError::Unauthorized(_),
            ..
        })
    ));
    assert!(matches!(
        c.start_tasks().await,
        Err(Error::Api {
            error: StartTasksError::BadRequest(_),
            ..
        })
    ));
    assert!(matches!(
        c.stop_tasks().await,
        Err(Error::Api {
            error: StopTasksError::Unauthorized(_),
            ..
        })
    ));
}

#[tokio::test]
async fn undocumented_statuses_land_in_the_catch_all_with_status_headers_and_body() {
    let server = MockServer::start().await;
    let c = client(&server);
    for status in [418u16, 500, 203] {
        server.reset().await;
        Mock::given(method("POST"))
            .and(path("/butler/BackupDatabase"))
            .respond_with(
                ResponseTemplate::new(status)
                    .insert_header("x-extra", "1")
                    .set_body_string(format!("teapot {status}")),
            )
            .mount(&server)
            .await;
        match c.start_task(ButlerTask::BackupDatabase).await {
            Err(Error::Api {
                error: StartTaskError::Unexpected(raw),
                ..
            }) => {
                assert_eq!(raw.status().as_u16(), status);
                assert_eq!(raw.text(), format!("teapot {status}"));
                assert_eq!(
                    raw.headers().get("x-extra").map(|v| v.as_bytes()),
                    Some(&b"1"[..])
                );
            }
            other => panic!("{status}: {other:?}"),
        }
    }
}

#[tokio::test]
async fn malformed_json_is_a_decode_error_with_status_body_and_field_path() {
    let server = MockServer::start().await;
    let body = r#"{"ButlerTasks": {"ButlerTask": [{"name": "A", "interval": "daily"}]}}"#;
    Mock::given(method("GET"))
        .and(path("/butler"))
        .respond_with(ResponseTemplate::new(200).set_body_string(body))
        .mount(&server)
        .await;
    match client(&server).get_tasks().await {
        Err(Error::Decode(e)) => {
            assert_eq!(e.status().as_u16(), 200);
            assert_eq!(e.body(), body.as_bytes());
            assert_eq!(e.path(), Some("ButlerTasks.ButlerTask[0].interval"));
        }
        other => panic!("{other:?}"),
    }
    server.reset().await;
    Mock::given(method("GET"))
        .and(path("/butler"))
        .respond_with(ResponseTemplate::new(401).set_body_string("<html>Unauthorized</html>"))
        .mount(&server)
        .await;
    match client(&server).get_tasks().await {
        Err(Error::Decode(e)) => assert_eq!(e.status().as_u16(), 401),
        other => panic!("{other:?}"),
    }
}

/// A 503 retried twice, then a documented error: the typed error says how many attempts
/// were made (it used to be hidden in the raw response's Debug output), and neither its
/// Debug nor its Display shows the token.
#[tokio::test]
async fn an_api_error_after_retries_reports_its_attempts() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/butler"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(2)
        .expect(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/butler"))
        .respond_with(ResponseTemplate::new(401).set_body_json(errors_body(1001, "nope", 401)))
        .expect(1)
        .mount(&server)
        .await;
    let fast = plex_butler::RetryPolicy::default()
        .max_attempts(5)
        .initial_interval(std::time::Duration::from_millis(1))
        .max_interval(std::time::Duration::from_millis(5));
    let error = client(&server)
        .get_tasks()
        .retry(fast)
        .await
        .expect_err("401 is an error");
    assert_eq!(error.attempts(), Some(3));
    match &error {
        Error::Api {
            error: GetTasksError::Unauthorized(body),
            attempts: 3,
            ..
        } => assert_eq!(body.errors[0].message, "nope"),
        other => panic!("{other:?}"),
    }
    for text in [format!("{error:?}"), error.to_string()] {
        assert!(!text.contains(TOKEN), "{text}");
    }
    // Without retries, one attempt.
    server.reset().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let error = client(&server)
        .get_tasks()
        .retry(plex_butler::RetryPolicy::disabled())
        .await
        .expect_err("503 is an error");
    assert!(matches!(
        error,
        Error::Api {
            error: GetTasksError::Unexpected(_),
            attempts: 1,
            ..
        }
    ));
}

#[test]
fn butler_task_enum_round_trips_known_and_unknown_names() {
    assert_eq!(ButlerTask::VALUES.len(), 22);
    for name in ButlerTask::VALUES {
        let t = ButlerTask::from(*name);
        assert!(!matches!(t, ButlerTask::Unknown(_)), "{name}");
        assert_eq!(t.as_str(), *name);
        assert_eq!(t.to_string(), *name);
        assert_eq!(serde_json::to_value(&t).expect("serialises"), json!(name));
    }
    let future: ButlerTask =
        serde_json::from_value(json!("SomeFutureTask")).expect("unknown names deserialise");
    assert!(matches!(future, ButlerTask::Unknown(_)));
    assert_eq!(future.as_str(), "SomeFutureTask");
    assert_eq!(
        serde_json::to_value(&future).expect("serialises"),
        json!("SomeFutureTask")
    );
    assert_eq!(
        "BuildGracenoteCollections"
            .parse::<ButlerTask>()
            .map(|t| t.to_string())
            .ok()
            .as_deref(),
        Some("BuildGracenoteCollections")
    );
    assert_eq!(
        ButlerTask::from("BackupDatabase"),
        ButlerTask::BackupDatabase
    );
}

#[tokio::test]
async fn path_values_are_encoded_as_one_segment_and_dot_segments_rejected() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/butler/a%2Fb%20c"))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;
    let c = client(&server);
    c.start_task(ButlerTask::from("a/b c"))
        .await
        .expect("encoded as one segment");
    for bad in ["..", ".", ""] {
        match c.start_task(ButlerTask::from(bad)).await {
            Err(Error::InvalidRequest(e)) => assert!(e.to_string().contains("butlerTask"), "{e}"),
            other => panic!("{bad:?}: {other:?}"),
        }
    }
}

#[tokio::test]
async fn required_client_identifier_missing_everywhere_is_a_clear_error_before_sending() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .mount(&server)
        .await;
    let c = Client::builder()
        .base_url(server.uri())
        .token(TOKEN)
        .build()
        .expect("builds");
    match c.start_task(ButlerTask::BackupDatabase).await {
        Err(Error::InvalidRequest(e)) => {
            assert!(e.to_string().contains("X-Plex-Client-Identifier"), "{e}")
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn servers_build_the_urls_the_spec_implies() {
    use plex_butler::{
        FullServerUrlServer, PlexDirectAddressServer, Protocol, ProtocolHostAndPortServer, Server,
    };
    assert_eq!(
        Server::default().url(),
        "https://1-2-3-4.0123456789abcdef0123456789abcdef.plex.direct:32400"
    );
    assert_eq!(plex_butler::DEFAULT_BASE_URL, Server::default().url());
    assert_eq!(
        PlexDirectAddressServer::default()
            .ip_description("192-168-0-2")
            .identifier("abc")
            .port("443")
            .url(),
        "https://192-168-0-2.abc.plex.direct:443"
    );
    assert_eq!(
        ProtocolHostAndPortServer::default().url(),
        "http://localhost:32400"
    );
    assert_eq!(
        ProtocolHostAndPortServer::default()
            .protocol(Protocol::Https)
            .host("plex.local")
            .port("8443")
            .url(),
        "https://plex.local:8443"
    );
    assert_eq!(Protocol::VALUES, ["http", "https"]);
    assert_eq!(
        FullServerUrlServer::default().url(),
        "http://localhost:32400"
    );
    assert_eq!(
        Server::from(FullServerUrlServer::default().full_server_url("http://10.0.0.1:32400")).url(),
        "http://10.0.0.1:32400"
    );
}

#[tokio::test]
async fn server_choice_and_per_call_server_reach_the_right_host() {
    use plex_butler::{FullServerUrlServer, ProtocolHostAndPortServer};
    let a = MockServer::start().await;
    let b = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/butler"))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&a)
        .await;
    Mock::given(method("DELETE"))
        .and(path("/butler"))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&b)
        .await;
    let port_a = a.address().port().to_string();
    let c = Client::builder()
        .server(
            ProtocolHostAndPortServer::default()
                .host("127.0.0.1")
                .port(port_a),
        )
        .token(TOKEN)
        .build()
        .expect("builds");
    c.stop_tasks().await.expect("server a");
    c.stop_tasks()
        .server(FullServerUrlServer::default().full_server_url(b.uri()))
        .await
        .expect("server b");
}

#[tokio::test]
async fn a_base_url_with_a_path_prefix_is_kept() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/plex/butler"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .expect(1)
        .mount(&server)
        .await;
    let c = Client::builder()
        .base_url(format!("{}/plex/", server.uri()))
        .token(TOKEN)
        .build()
        .expect("builds");
    let tasks = c.get_tasks().await.expect("prefix kept");
    assert!(tasks.butler_tasks.is_none());
}

#[tokio::test]
async fn with_response_exposes_status_and_headers() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/butler/BackupDatabase"))
        .respond_with(ResponseTemplate::new(202).insert_header("x-request-id", "42"))
        .mount(&server)
        .await;
    let r = client(&server)
        .start_task(ButlerTask::BackupDatabase)
        .send_with_response()
        .await
        .expect("accepted");
    assert_eq!(r.status().as_u16(), 202);
    assert_eq!(
        r.headers().get("x-request-id").map(|v| v.as_bytes()),
        Some(&b"42"[..])
    );
    assert_eq!(*r.value(), StartTaskResponse::Accepted);
}

#[tokio::test]
async fn from_env_reads_token_server_and_client_headers_only_when_asked() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/butler/OptimizeDatabase"))
        .and(header("X-Plex-Token", "env-token"))
        .and(header("X-Plex-Client-Identifier", "env-client"))
        .and(header("X-Plex-Product", "env-product"))
        .and(header("accepts", "application/json"))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;
    let uri = server.uri();
    let env = |name: &str| -> Option<String> {
        match name {
            "PLEX_TOKEN" => Some("env-token".into()),
            "PLEX_SERVER_URL" => Some(uri.clone()),
            "PLEX_CLIENT_IDENTIFIER" => Some("env-client".into()),
            "PLEX_PRODUCT" => Some("env-product".into()),
            "PLEX_ACCEPTS" => Some("application/json".into()),
            "PLEX_DEVICE" => Some(String::new()), // empty: skipped
            _ => None,
        }
    };
    let client = plex_butler::ClientBuilder::from_env_with(env)
        .build()
        .expect("builds");
    client
        .start_task(ButlerTask::OptimizeDatabase)
        .await
        .expect("sent with env configuration");
    assert!(!format!("{client:?}").contains("env-token"));
}

/// Every operation × every status its spec documents (and one it does not), by status code
/// alone: the same JSON error body under different statuses lands in different variants.
#[tokio::test]
async fn every_operation_maps_every_documented_status() {
    let server = MockServer::start().await;
    // Retries off: 503 would otherwise be retried with backoff (tested in runtime_retry).
    let c = Client::builder()
        .base_url(server.uri())
        .token(TOKEN)
        .client_identifier("abc123")
        .retry(plex_butler::RetryPolicy::disabled())
        .build()
        .expect("builds");
    let err_body = errors_body(1, "x", 0);
    let statuses: [u16; 7] = [200, 202, 400, 401, 404, 409, 503];
    for status in statuses {
        server.reset().await;
        let template = match status {
            200 => ResponseTemplate::new(200).set_body_json(tasks_body()),
            202 => ResponseTemplate::new(202),
            404 => ResponseTemplate::new(404),
            s => ResponseTemplate::new(s).set_body_json(err_body.clone()),
        };
        Mock::given(wiremock::matchers::any())
            .respond_with(template)
            .mount(&server)
            .await;

        let got = format!("{:?}", c.get_tasks().await.map(|_| ()));
        let expected = match status {
            200 => "Ok(())",
            400 => "Err(Api { error: BadRequest(",
            401 => "Err(Api { error: Unauthorized(",
            _ => "Err(Api { error: Unexpected(",
        };
        assert!(got.starts_with(expected), "getTasks {status}: {got}");

        for (name, got) in [
            ("startTasks", format!("{:?}", c.start_tasks().await)),
            ("stopTasks", format!("{:?}", c.stop_tasks().await)),
        ] {
            let expected = match status {
                200 => "Ok(())",
                400 => "Err(Api { error: BadRequest(",
                401 => "Err(Api { error: Unauthorized(",
                _ => "Err(Api { error: Unexpected(",
            };
            assert!(got.starts_with(expected), "{name} {status}: {got}");
        }

        let got = format!("{:?}", c.start_task(ButlerTask::BackupDatabase).await);
        let expected = match status {
            200 => "Ok(Ok)",
            202 => "Ok(Accepted)",
            400 => "Err(Api { error: BadRequest(",
            401 => "Err(Api { error: Unauthorized(",
            404 => "Err(Api { error: NotFound, attempts: 1 })",
            _ => "Err(Api { error: Unexpected(",
        };
        assert!(got.starts_with(expected), "startTask {status}: {got}");

        let got = format!("{:?}", c.stop_task(ButlerTask::BackupDatabase).await);
        let expected = match status {
            200 => "Ok(())",
            400 => "Err(Api { error: BadRequest(",
            401 => "Err(Api { error: Unauthorized(",
            404 => "Err(Api { error: NotFound, attempts: 1 })",
            _ => "Err(Api { error: Unexpected(",
        };
        assert!(got.starts_with(expected), "stopTask {status}: {got}");
    }
}

//! The kill loop's quick mode in the normal test run: 10 rounds of SIGKILLing the real
//! server or app process at random moments (the full run is the `kill-test` binary).

use attend_tests::kill::{run, KillOptions};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killed_processes_lose_and_duplicate_nothing() {
    let options = KillOptions {
        rounds: 10,
        client_bin: env!("CARGO_BIN_EXE_kill-client").into(),
        server_bin: env!("CARGO_BIN_EXE_kill-server").into(),
    };
    let report = run(&options, &mut |line| println!("{line}")).await.unwrap();
    println!("{report}");
    assert!(report.scans > 0, "the app recorded nothing: {report:?}");
    assert_eq!(report.lost, 0, "{report:?}");
    assert_eq!(report.duplicated, 0, "{report:?}");
    assert_eq!(report.missing_on_device, 0, "{report:?}");
    assert_eq!(report.phantom, 0, "{report:?}");
    assert_eq!(report.on_server, report.scans, "{report:?}");
}

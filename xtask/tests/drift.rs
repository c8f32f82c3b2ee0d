//! `plex-butler/` must be exactly what the generator makes of `spec/` (an
//! `ensure_file_contents`-style test: it fails with the list of drifted files).

#[test]
fn plex_butler_matches_the_spec() {
    let root = xtask::workspace_root();
    let job = xtask::Job::default_job(&root);
    if let Err(e) = xtask::check(&job) {
        panic!("{e}");
    }
}

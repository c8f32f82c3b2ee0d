//! A GitHub-sized document (thousands of operations) generates, deterministically, with
//! every operation in place. Only completion is asserted here: timings are the benchmarks'
//! job (`cargo bench -p codegen`), and `cargo xtask large-spec` type-checks such a crate.

#[test]
fn two_thousand_operations_generate() {
    let spec = codegen::synthetic::synthetic_spec(2000);
    let config = codegen::Config::new("large");
    let out = codegen::generate(&spec, &config).expect("the synthetic document generates");
    assert!(
        out.warnings.is_empty(),
        "{:#?}",
        &out.warnings[..3.min(out.warnings.len())]
    );
    // 25 operations per tag: one module each.
    let modules = out
        .files
        .keys()
        .filter(|p| p.starts_with("src/operations/") && !p.ends_with("mod.rs"))
        .count();
    assert_eq!(modules, 80);
    let methods: usize = out
        .files
        .iter()
        .filter(|(p, _)| p.starts_with("src/operations/"))
        .map(|(_, text)| text.matches(") -> Call<").count())
        .sum();
    assert_eq!(methods, 2000);
    // A sample of the files parses (all of them would only make the test slow).
    for (path, text) in out
        .files
        .iter()
        .filter(|(p, _)| p.ends_with("tag7.rs") || p.ends_with("models.rs"))
    {
        syn::parse_file(text).unwrap_or_else(|e| panic!("{path}: {e}"));
    }
}

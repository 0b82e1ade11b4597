//! The README's key table is the keymap's: regenerate it if this fails.

#![allow(clippy::unwrap_used)] // tests unwrap: a panic is the failure report

#[test]
fn readme_key_table_matches_the_keymap() {
    let readme = include_str!("../../README.md");
    let start = readme.find("<!-- keymap:start -->\n").unwrap() + "<!-- keymap:start -->\n".len();
    let end = readme.find("<!-- keymap:end -->").unwrap();
    let table = dsadmin::settings::Settings::builtin()
        .unwrap()
        .keymap
        .markdown_table();
    assert_eq!(
        &readme[start..end],
        table,
        "README key table is out of date"
    );
}

#[test]
fn readme_opens_with_the_two_commands() {
    let readme = include_str!("../../README.md");
    let first_block = readme.split("```sh\n").nth(1).unwrap();
    assert!(first_block.starts_with("cargo run --release -- --demo"));
    assert!(first_block.contains("\nscripts/test"));
    let ci = include_str!("../../.ci/run");
    assert!(ci.contains("exec scripts/test"));
}

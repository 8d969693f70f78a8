//! Any two texts as `operations.yaml` and `models.yaml`: the generator gives
//! a crate or located errors, never a panic, an abort or a runaway.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // The two files, separated by the first NUL; without one, the input is
    // the models file beside a valid operations file, or the reverse.
    let (operations, models) = match text.split_once('\0') {
        Some(pair) => pair,
        None if text.starts_with("operations") => (text, SEED_MODELS),
        None => (SEED_OPERATIONS, text),
    };
    let spec = codegen::SpecText { operations, models };
    match codegen::generate(&spec) {
        Ok(generated) => assert!(generated.files.contains_key("src/lib.rs")),
        Err(codegen::GenerateError::Spec(report)) => {
            for problem in &report.0 {
                assert!(problem.line >= 1 && problem.column >= 1, "{problem}");
                assert!(problem.message.len() < 2_000, "{problem}");
            }
        }
        Err(other) => panic!("{other}"),
    }
});

const SEED_OPERATIONS: &str = include_str!("../../tests/fixtures/valid/minimal/operations.yaml");
const SEED_MODELS: &str = include_str!("../../tests/fixtures/valid/minimal/models.yaml");

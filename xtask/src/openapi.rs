//! `cargo xtask spec-diff` and `cargo xtask import-openapi`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use codegen::openapi::{self, Allowlist, Document, ImportOptions};
use codegen::{sync, SpecText};

const SPEC_DIFF_USAGE: &str = "usage: cargo xtask spec-diff <openapi.yaml> [--overlay FILE]... [--tag NAME]... [--spec DIR] [--allowlist FILE]\n\n  Compares spec/ with an OpenAPI 3.0 document and prints every difference, grouped and sorted.\n  Differences listed (with a reason) in spec/spec-diff-allowlist.yaml are allowed; an entry that\n  matches no difference is an error. Exits 1 on drift, 2 on a usage or input error.\n  --overlay FILE    apply this OpenAPI Overlay 1.0 document to the document first (repeatable,\n                    applied in the order given; an action whose target selects nothing is an error)\n  --tag NAME        compare only the document's operations with this tag (repeatable; default: all)\n  --spec DIR        the spec directory (default: spec/)\n  --allowlist FILE  the allowlist (default: <spec dir>/spec-diff-allowlist.yaml; absent means empty)";

const IMPORT_USAGE: &str = "usage: cargo xtask import-openapi <openapi.yaml> [--overlay FILE]... [--tag NAME]... [--out DIR] [--lenient] [--generate DIR]\n\n  Writes operations.yaml and models.yaml for the operations of the chosen tags (default: all)\n  and every model they reach.\n  --overlay FILE  apply this OpenAPI Overlay 1.0 document to the document first (repeatable, applied\n                  in the order given; an action whose target selects nothing is an error, and then\n                  nothing is written)\n  --out DIR       where to write them (default: spec/)\n  --lenient       leave out the operations that cannot be imported or that the generator refuses,\n                  and say why, instead of failing; what is written then always generates\n  --generate DIR  then generate the client crate from the result into DIR and time it";

/// Options shared by both commands.
struct Args {
    document: PathBuf,
    tags: Vec<String>,
    values: Vec<(String, PathBuf)>,
    lenient: bool,
}

fn parse_args(args: &[&str], valued: &[&str], allow_lenient: bool) -> Option<Args> {
    let mut document = None;
    let mut tags = Vec::new();
    let mut values = Vec::new();
    let mut lenient = false;
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match *arg {
            "--tag" => tags.push((*rest.next()?).to_owned()),
            "--lenient" if allow_lenient => lenient = true,
            flag if valued.contains(&flag) => {
                values.push((flag.to_owned(), PathBuf::from(rest.next()?)));
            }
            flag if flag.starts_with("--") => return None,
            path if document.is_none() => document = Some(PathBuf::from(path)),
            _ => return None,
        }
    }
    Some(Args {
        document: document?,
        tags,
        values,
        lenient,
    })
}

impl Args {
    /// Every value of a repeatable flag, in the order given.
    fn all_values(&self, flag: &str) -> Vec<PathBuf> {
        let given = self.values.iter().filter(|(f, _)| f == flag);
        given.map(|(_, path)| path.clone()).collect()
    }

    fn value(&self, flag: &str) -> Option<&Path> {
        self.values
            .iter()
            .rev()
            .find(|(f, _)| f == flag)
            .map(|(_, p)| p.as_path())
    }
}

/// The document with the `--overlay` files applied, one line printed per
/// action; or None, the problems printed.
fn read_document(args: &Args) -> Option<Document> {
    match Document::read_with_overlays(&args.document, &args.all_values("--overlay")) {
        Ok((document, reports)) => {
            for report in &reports {
                println!("{report}");
            }
            Some(document)
        }
        Err(problems) => {
            eprintln!("{problems}");
            None
        }
    }
}

pub fn spec_diff(root: &Path, args: &[&str]) -> ExitCode {
    let Some(args) = parse_args(args, &["--spec", "--allowlist", "--overlay"], false) else {
        eprintln!("{SPEC_DIFF_USAGE}");
        return ExitCode::from(2);
    };
    let spec_dir = args
        .value("--spec")
        .map_or_else(|| root.join("spec"), Path::to_path_buf);
    let allowlist_path = args.value("--allowlist").map_or_else(
        || spec_dir.join("spec-diff-allowlist.yaml"),
        Path::to_path_buf,
    );
    let Some(document) = read_document(&args) else {
        return ExitCode::from(2);
    };
    let read = |path: PathBuf| match std::fs::read_to_string(&path) {
        Ok(text) => Some(text),
        Err(error) => {
            eprintln!("{}: cannot read: {error}", path.display());
            None
        }
    };
    let (Some(operations), Some(models)) = (
        read(spec_dir.join("operations.yaml")),
        read(spec_dir.join("models.yaml")),
    ) else {
        return ExitCode::from(2);
    };
    let allowlist_name = allowlist_path.display().to_string();
    let allowlist = if allowlist_path.exists() {
        let Some(text) = read(allowlist_path) else {
            return ExitCode::from(2);
        };
        match Allowlist::parse(&allowlist_name, &text) {
            Ok(allowlist) => allowlist,
            Err(problems) => {
                eprintln!("{problems}");
                return ExitCode::from(2);
            }
        }
    } else {
        Allowlist {
            file: allowlist_name,
            entries: Vec::new(),
        }
    };
    let text = SpecText {
        operations: &operations,
        models: &models,
    };
    let differences = match openapi::diff::spec_diff(&text, &document, &args.tags) {
        Ok(differences) => differences,
        Err(problems) => {
            eprintln!("{problems}");
            return ExitCode::from(2);
        }
    };
    let report = allowlist.apply(differences);
    println!(
        "spec-diff: {} against {} ({})",
        spec_dir.display(),
        document.name(),
        if args.tags.is_empty() {
            "every tag".to_owned()
        } else {
            format!("tags {}", args.tags.join(", "))
        }
    );
    println!("{report}");
    if report.is_clean() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

pub fn import_openapi(root: &Path, args: &[&str]) -> ExitCode {
    let Some(args) = parse_args(args, &["--out", "--generate", "--overlay"], true) else {
        eprintln!("{IMPORT_USAGE}");
        return ExitCode::from(2);
    };
    let out = args
        .value("--out")
        .map_or_else(|| root.join("spec"), Path::to_path_buf);
    let started = Instant::now();
    let Some(document) = read_document(&args) else {
        eprintln!("\nnothing was written.");
        return ExitCode::from(2);
    };
    let options = ImportOptions {
        tags: args.tags.clone(),
        lenient: args.lenient,
    };
    let imported = match openapi::import(&document, &options) {
        Ok(imported) => imported,
        Err(problems) => {
            eprintln!("{problems}\n\nnothing was written.");
            return ExitCode::FAILURE;
        }
    };
    let import_time = started.elapsed();
    for problem in &imported.skipped {
        eprintln!("skipped: {problem}");
    }
    for warning in &imported.warnings {
        eprintln!("{}", warning.as_warning());
    }
    if let Err(error) = std::fs::create_dir_all(&out) {
        eprintln!("cannot create {}: {error}", out.display());
        return ExitCode::FAILURE;
    }
    for (name, text) in [
        ("operations.yaml", &imported.operations_yaml),
        ("models.yaml", &imported.models_yaml),
    ] {
        let path = out.join(name);
        if let Err(error) = std::fs::write(&path, text) {
            eprintln!("cannot write {}: {error}", path.display());
            return ExitCode::FAILURE;
        }
    }
    println!(
        "imported {} operations and {} models into {} in {} ms{}{}",
        imported.operations.operations.len(),
        imported.models.models.len(),
        out.display(),
        import_time.as_millis(),
        if imported.warnings.is_empty() {
            String::new()
        } else {
            format!(
                ", {} warning{}",
                imported.warnings.len(),
                if imported.warnings.len() == 1 {
                    ""
                } else {
                    "s"
                }
            )
        },
        if imported.skipped_operations.is_empty() {
            String::new()
        } else {
            format!(
                "; left out {} operations: {}",
                imported.skipped_operations.len(),
                imported.skipped_operations.join(", ")
            )
        }
    );
    let Some(target) = args.value("--generate") else {
        return ExitCode::SUCCESS;
    };
    let started = Instant::now();
    let generated = codegen::generate(&SpecText {
        operations: &imported.operations_yaml,
        models: &imported.models_yaml,
    });
    let generated = match generated {
        Ok(generated) => generated,
        Err(error) => {
            eprintln!("{error}\n\nnothing was generated.");
            return ExitCode::FAILURE;
        }
    };
    let generate_time = started.elapsed();
    let changes = match sync::changes(target, &generated) {
        Ok(changes) => changes,
        Err(error) => {
            eprintln!("cannot read {}: {error}", target.display());
            return ExitCode::FAILURE;
        }
    };
    if let Err(error) = sync::apply(target, &changes) {
        eprintln!("writing {} failed: {error}", target.display());
        return ExitCode::FAILURE;
    }
    let lines: usize = generated.files.values().map(|t| t.lines().count()).sum();
    println!(
        "generated {} files ({lines} lines) into {} in {} ms",
        generated.files.len(),
        target.display(),
        generate_time.as_millis()
    );
    ExitCode::SUCCESS
}

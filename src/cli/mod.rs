//! The `tracelab` command line for instructors: a thin shell over the core.
//!
//! One module per subcommand; this file only declares the arguments (clap) and
//! dispatches. Every subcommand prints for people by default and a JSON document on
//! stdout with `--json`. Exit codes: 0 success, 1 the input is invalid (every
//! problem is listed), 2 a usage error (clap's own code for bad arguments).

mod generate;
mod solve;
mod stats;
mod validate;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::scenario;

#[derive(Parser)]
#[command(
    name = "tracelab",
    version,
    about = "TraceLab case tools for instructors"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check case files against the format and every semantic rule; lists all problems.
    Validate {
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Print a JSON report on stdout.
        #[arg(long)]
        json: bool,
    },
    /// Generate a case from a typology recipe; the same arguments give the same bytes.
    Generate {
        /// Typology recipe (see --list).
        #[arg(long, required_unless_present = "list")]
        typology: Option<String>,
        /// Seed of the case (any unsigned 64-bit integer).
        #[arg(long, required_unless_present = "list")]
        seed: Option<u64>,
        #[arg(long, value_enum, default_value = "beginner")]
        difficulty: DifficultyArg,
        /// About how many transactions the case holds (default per difficulty).
        #[arg(long)]
        scale: Option<usize>,
        /// A participant's name or code: that participant's variant of the case.
        #[arg(long)]
        participant: Option<String>,
        /// Write the case to FILE instead of stdout.
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
        /// List the typologies, one line each.
        #[arg(long)]
        list: bool,
        /// Machine-readable list and errors.
        #[arg(long)]
        json: bool,
    },
    /// Print the true trail, tx by tx, and every objective's answer.
    Solve {
        #[arg(value_name = "FILE")]
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Counts per chain and asset, degree distribution, value moved, trail length.
    Stats {
        #[arg(value_name = "FILE")]
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Print the JSON Schema of the case file format.
    Schema {
        /// Accepted for symmetry with the other subcommands: the schema is JSON already.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum DifficultyArg {
    Beginner,
    Intermediate,
    Advanced,
    Expert,
}

impl From<DifficultyArg> for scenario::Difficulty {
    fn from(d: DifficultyArg) -> Self {
        match d {
            DifficultyArg::Beginner => scenario::Difficulty::Beginner,
            DifficultyArg::Intermediate => scenario::Difficulty::Intermediate,
            DifficultyArg::Advanced => scenario::Difficulty::Advanced,
            DifficultyArg::Expert => scenario::Difficulty::Expert,
        }
    }
}

/// Runs the command line and returns the process exit code.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Validate { files, json } => validate::run(&files, json),
        Command::Generate {
            typology,
            seed,
            difficulty,
            scale,
            participant,
            output,
            list,
            json,
        } => generate::run(generate::Args {
            typology,
            seed,
            difficulty: difficulty.into(),
            scale,
            participant,
            output,
            list,
            json,
        }),
        Command::Solve { file, json } => solve::run(&file, json),
        Command::Stats { file, json } => stats::run(&file, json),
        Command::Schema { json: _ } => {
            print!("{}", scenario::schema::schema_json());
            ExitCode::SUCCESS
        }
    }
}

/// Reads and validates a case file, for subcommands that work on one case. On
/// failure the problems are printed (as `validate` would) and the exit code is 1.
pub fn load_case(file: &std::path::Path) -> Result<scenario::Scenario, ExitCode> {
    let text = std::fs::read_to_string(file).map_err(|e| {
        eprintln!("{}: cannot read the file: {e}", file.display());
        ExitCode::from(1)
    })?;
    scenario::check(&text).map_err(|problems| {
        eprintln!(
            "{}: {} problem(s); the case must be valid first:",
            file.display(),
            problems.len()
        );
        for p in &problems {
            eprintln!("  {p}");
        }
        ExitCode::from(1)
    })
}

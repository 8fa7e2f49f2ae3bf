//! The `tracelab` command line for instructors: a thin shell over the core.
//!
//! One module per subcommand; this file only declares the arguments (clap) and
//! dispatches. Every subcommand prints for people by default and a JSON document on
//! stdout with `--json`. Exit codes: 0 success, 1 the input is invalid (every
//! problem is listed), 2 a usage error (clap's own code for bad arguments).

mod analysis;
mod cluster;
mod generate;
mod grade;
mod heuristics;
mod legs;
mod path;
mod solve;
mod stats;
mod taint;
mod trace;
mod validate;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::analytics::path::PathParams;
use crate::analytics::trace::TraceParams;
use crate::scenario::{self, Limits};

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
    /// Re-grade trainees' results files against the case: one row per participant.
    Grade {
        #[arg(value_name = "CASE")]
        case: PathBuf,
        #[arg(required = true, value_name = "RESULTS")]
        results: Vec<PathBuf>,
        /// Print JSON on stdout.
        #[arg(long, conflicts_with = "csv")]
        json: bool,
        /// Print CSV for a spreadsheet.
        #[arg(long)]
        csv: bool,
        /// Exit 1 if any results file is flagged (score that does not re-grade,
        /// another case or version, no trainee name, the same trainee twice).
        #[arg(long)]
        strict: bool,
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
    /// Taint analysis: how much of a source's value reached each address.
    Taint {
        file: PathBuf,
        #[arg(long, value_parser = ["poison", "haircut", "fifo", "lifo", "tiho", "libr"])]
        method: String,
        /// An address, a transaction id, or an output as txid:vout.
        #[arg(long, value_name = "ID")]
        from: String,
        /// The asset to follow when the source moves several.
        #[arg(long)]
        asset: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Cluster addresses by common-input ownership (CoinJoins skipped).
    Cluster {
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Change, CoinJoin and peel-chain heuristics on one transaction.
    Heuristics {
        file: PathBuf,
        #[arg(long, value_name = "ID")]
        tx: String,
        #[arg(long)]
        json: bool,
    },
    /// Candidates for the other leg of a pay-in to a bridge, swap service, DEX or mixer.
    Legs {
        file: PathBuf,
        #[arg(long, value_name = "ID")]
        tx: String,
        #[arg(long)]
        json: bool,
    },
    /// A path of payments between two addresses that moves forward in time.
    Path {
        file: PathBuf,
        #[arg(long, value_name = "ADDRESS")]
        from: String,
        #[arg(long, value_name = "ADDRESS")]
        to: String,
        #[arg(long, default_value_t = PathParams::default().max_hops)]
        max_hops: usize,
        /// Allow paths through exchanges, mixers and other services.
        #[arg(long)]
        through_services: bool,
        #[arg(long)]
        json: bool,
    },
    /// Auto-trace from an address until the money reaches a service. "Largest"
    /// keeps to the asset the money arrived in and compares whole units.
    Trace {
        file: PathBuf,
        #[arg(long, value_name = "ADDRESS")]
        from: String,
        #[arg(long, default_value_t = TraceParams::default().max_hops)]
        hops: usize,
        /// Follow the most tainted outflow by this taint method instead of the largest.
        #[arg(long, value_parser = ["poison", "haircut", "fifo", "lifo", "tiho", "libr"])]
        method: Option<String>,
        /// Stop when the next payment is below this amount, in its asset's units (e.g. 0.01).
        #[arg(long, value_name = "AMOUNT")]
        min: Option<String>,
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
        Command::Grade {
            case,
            results,
            json,
            csv,
            strict,
        } => grade::run(&case, &results, grade::Output { json, csv, strict }),
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
        Command::Taint {
            file,
            method,
            from,
            asset,
            json,
        } => taint::run(&file, &method, &from, asset.as_deref(), json),
        Command::Cluster { file, json } => cluster::run(&file, json),
        Command::Heuristics { file, tx, json } => heuristics::run(&file, &tx, json),
        Command::Legs { file, tx, json } => legs::run(&file, &tx, json),
        Command::Path {
            file,
            from,
            to,
            max_hops,
            through_services,
            json,
        } => path::run(&file, &from, &to, max_hops, through_services, json),
        Command::Trace {
            file,
            from,
            hops,
            method,
            min,
            json,
        } => trace::run(&file, &from, hops, method.as_deref(), min.as_deref(), json),
    }
}

/// A file's text. A file larger than the command line reads ([`Limits::CLI`]) is
/// refused from its size on disk, before any of it is read: reading it whole
/// first could exhaust the machine's memory.
pub fn read_text(file: &std::path::Path) -> Result<String, scenario::Problem> {
    let unreadable = |e: std::io::Error| {
        scenario::Problem::new(
            scenario::Rule::Syntax,
            scenario::JsonPath::root(),
            format!("cannot read the file: {e}"),
        )
    };
    let size = std::fs::metadata(file).map_err(unreadable)?.len();
    Limits::CLI.check_size(size)?;
    std::fs::read_to_string(file).map_err(unreadable)
}

/// Reads and validates a case file, for subcommands that work on one case. On
/// failure the problems are printed (as `validate` would) and the exit code is 1.
pub fn load_case(file: &std::path::Path) -> Result<scenario::Scenario, ExitCode> {
    let text = read_text(file).map_err(|p| {
        eprintln!("{}: {}", file.display(), p.message);
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

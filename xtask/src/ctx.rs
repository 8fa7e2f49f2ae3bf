//! Where things are, and how child processes are started.
//!
//! The tools this project installs live in two places that are usually not on a
//! fresh shell's PATH: cargo's bin folder (`$CARGO_HOME/bin`, by default
//! `$HOME/.cargo/bin`: trunk, wasm-bindgen) and the project-local `.tools/`
//! (`.tools/node_modules/.bin`: wasm-opt from npm). Every child process is started
//! through [`Ctx::command`], which puts both first on its PATH and looks the program
//! up on that same PATH, so "installed but not found" cannot happen and a stale copy
//! elsewhere on the system does not win.

use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{bail, Context, Result};

/// Paths of the repository and the PATH given to every child process.
pub struct Ctx {
    root: PathBuf,
    cargo_bin: PathBuf,
    path: OsString,
}

impl Ctx {
    pub fn new() -> Result<Self> {
        // xtask/Cargo.toml sits one level below the repository root.
        let root = Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .context("xtask's manifest folder has no parent")?
            .to_path_buf();
        let cargo_home = match std::env::var_os("CARGO_HOME") {
            Some(dir) if !dir.is_empty() => PathBuf::from(dir),
            _ => {
                let home = std::env::var_os("HOME").context(
                    "neither CARGO_HOME nor HOME is set: cannot find cargo's bin folder",
                )?;
                PathBuf::from(home).join(".cargo")
            }
        };
        let cargo_bin = cargo_home.join("bin");
        let tools_bin = root.join(".tools").join("node_modules").join(".bin");
        let inherited = std::env::var_os("PATH").unwrap_or_default();
        let path = std::env::join_paths(
            [cargo_bin.clone(), tools_bin]
                .into_iter()
                .chain(std::env::split_paths(&inherited)),
        )
        .context("cannot build PATH (a folder name contains ':')")?;
        Ok(Ctx {
            root,
            cargo_bin,
            path,
        })
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn dist(&self) -> PathBuf {
        self.root.join("dist")
    }

    pub fn tools_dir(&self) -> PathBuf {
        self.root.join(".tools")
    }

    pub fn e2e_dir(&self) -> PathBuf {
        self.root.join("tests").join("e2e")
    }

    pub fn cargo_bin(&self) -> &Path {
        &self.cargo_bin
    }

    /// Finds `program` on the PATH given to child processes.
    pub fn which(&self, program: &str) -> Option<PathBuf> {
        if program.contains('/') {
            let p = PathBuf::from(program);
            return is_executable(&p).then_some(p);
        }
        std::env::split_paths(&self.path)
            .map(|dir| dir.join(program))
            .find(|p| is_executable(p))
    }

    /// A command for `program` (looked up on our PATH), run in the repository root
    /// with our PATH.
    pub fn command(&self, program: &str) -> Command {
        let resolved = self.which(program).map(PathBuf::into_os_string);
        let mut cmd = Command::new(resolved.as_deref().unwrap_or(OsStr::new(program)));
        cmd.env("PATH", &self.path).current_dir(&self.root);
        cmd
    }

    /// The first line of `program args...`'s standard output, or `None` when the
    /// program is not installed or fails. Used for version checks.
    pub fn version_of(&self, program: &str, args: &[&str]) -> Option<String> {
        self.which(program)?;
        let out = self
            .command(program)
            .args(args)
            .stdin(Stdio::null())
            .stderr(Stdio::null())
            .output()
            .ok()?;
        if !out.status.success() {
            return None;
        }
        let text = String::from_utf8_lossy(&out.stdout);
        text.lines()
            .map(str::trim)
            .find(|l| !l.is_empty())
            .map(String::from)
    }
}

fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    path.metadata()
        .map(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
        .unwrap_or(false)
}

/// How a command is shown in the log: program name and arguments, quoted when needed.
pub fn display(cmd: &Command) -> String {
    let program = Path::new(cmd.get_program());
    let name = program.file_name().unwrap_or(program.as_os_str());
    std::iter::once(name)
        .chain(cmd.get_args())
        .map(|a| {
            let s = a.to_string_lossy();
            if s.is_empty() || s.contains(|c: char| c.is_whitespace() || c == '"' || c == '\'') {
                format!("'{}'", s.replace('\'', r"'\''"))
            } else {
                s.into_owned()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Runs `cmd` with inherited stdout/stderr, printing it first; fails unless it exits 0.
pub fn run(cmd: &mut Command) -> Result<()> {
    let shown = display(cmd);
    println!("$ {shown}");
    let status = cmd
        .status()
        .with_context(|| format!("cannot start `{shown}` (is it installed and on PATH?)"))?;
    if !status.success() {
        match status.code() {
            Some(code) => bail!("`{shown}` failed with exit code {code}"),
            None => bail!("`{shown}` was killed by a signal ({status})"),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn displays_commands_with_quoting() {
        let mut cmd = Command::new("/usr/bin/node");
        cmd.args(["--test", "a b.mjs", ""]);
        assert_eq!(display(&cmd), "node --test 'a b.mjs' ''");
    }

    #[test]
    fn tool_folders_come_first_on_path() {
        let ctx = Ctx::new().unwrap();
        let dirs: Vec<PathBuf> = std::env::split_paths(&ctx.path).collect();
        assert_eq!(dirs[0], ctx.cargo_bin);
        assert_eq!(dirs[1], ctx.root.join(".tools/node_modules/.bin"));
        assert!(ctx.root.join("Cargo.toml").is_file());
    }
}

//! One `--flag` per entry of the model's field registry: the CLI can never fall behind the form.

use clap::{Arg, ArgMatches, Args, Command, FromArgMatches};

use fashen::model::{CaseKind, CASE_FIELDS};
use fashen::Result;

/// One `--flag` per entry of [`CASE_FIELDS`], collected as `(code, value)` pairs in registry order.
#[derive(Debug, Clone, Default)]
pub struct FieldArgs(pub Vec<(String, String)>);

impl FromArgMatches for FieldArgs {
    fn from_arg_matches(m: &ArgMatches) -> Result<Self, clap::Error> {
        Ok(FieldArgs(
            CASE_FIELDS
                .iter()
                .filter_map(|f| {
                    m.get_one::<String>(f.code)
                        .map(|v| (f.code.to_string(), v.clone()))
                })
                .collect(),
        ))
    }

    fn update_from_arg_matches(&mut self, m: &ArgMatches) -> Result<(), clap::Error> {
        *self = Self::from_arg_matches(m)?;
        Ok(())
    }
}

impl Args for FieldArgs {
    fn augment_args(cmd: Command) -> Command {
        CASE_FIELDS.iter().fold(cmd, |cmd, f| {
            let kinds = match f.kinds {
                None => String::new(),
                Some(k) => format!(
                    "（{}）",
                    k.iter()
                        .map(|k| CaseKind::short_label(*k))
                        .collect::<Vec<_>>()
                        .join("、")
                ),
            };
            cmd.arg(
                Arg::new(f.code)
                    .long(f.code.replace('_', "-"))
                    .value_name("值")
                    .allow_hyphen_values(true)
                    .help(format!("{}{kinds}", f.label)),
            )
        })
    }

    fn augment_args_for_update(cmd: Command) -> Command {
        Self::augment_args(cmd)
    }
}

//! How the CLI prints: JSON with `--json`, otherwise lines and tables in Chinese.
//!
//! Everything goes through [`outln!`], never `println!`: stored text is shown with its control
//! characters made visible (a title holding an ESC sequence must not repaint the terminal), and a closed or
//! full standard output ends the program cleanly instead of with a panic (`fashen case list | head -1`).

use std::io::Write;

use serde::Serialize;

use fashen::model::validate::fmt_date;
use fashen::{Error, Result};

/// Prints a line to standard output (see the module doc).
macro_rules! outln {
    ($($arg:tt)*) => {
        $crate::cli::output::write_out(format_args!($($arg)*), true)
    };
}
pub(crate) use outln;

pub fn print_json<T: Serialize>(v: &T) -> Result<()> {
    let s = serde_json::to_string_pretty(v).map_err(|e| Error::Refused(e.to_string()))?;
    outln!("{s}");
    Ok(())
}

pub fn report_export(out: &std::path::Path, bytes: u64, json: bool) -> Result<()> {
    if json {
        print_json(&serde_json::json!({ "path": out, "bytes": bytes }))
    } else {
        outln!("已导出：{}（{} KB）", out.display(), bytes.div_ceil(1024));
        Ok(())
    }
}

pub fn print_moves(moves: &[fashen::actions::deadlines::DeadlineMove]) {
    if moves.is_empty() {
        return;
    }
    outln!("以下期限随之变动：");
    for m in moves {
        outln!(
            "  {} {}：{} → {}",
            m.reg_no.clone().unwrap_or_default(),
            m.label,
            m.old_due.map(fmt_date).unwrap_or_else(|| "—".into()),
            m.new_due.map(fmt_date).unwrap_or_else(|| "—".into())
        );
    }
}

/// Writes one piece of output, made safe for a terminal.
pub fn write_out(args: std::fmt::Arguments<'_>, newline: bool) {
    let raw = args.to_string();
    let text = terminal_safe(&raw);
    let mut stdout = std::io::stdout().lock();
    let written = stdout.write_all(text.as_bytes()).and_then(|()| {
        if newline {
            stdout.write_all(b"\n")
        } else {
            Ok(())
        }
    });
    if let Err(e) = written {
        stdout_failed(&e);
    }
}

/// Standard output cannot be written. A reader that closed the pipe (`| head -1`) has what it wanted: exit 0
/// quietly. Otherwise (a full disk) say so and exit 3: the command itself was carried out (a change is saved),
/// only its report could not be written.
fn stdout_failed(e: &std::io::Error) -> ! {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        std::process::exit(0);
    }
    let _ = writeln!(
        std::io::stderr(),
        "错误：无法写出结果（{}）；命令本身已执行",
        Error::Io(std::io::Error::new(e.kind(), e.to_string()))
    );
    std::process::exit(3);
}

/// Text with its control characters made visible: C0 controls as their Unicode control pictures (ESC → ␛),
/// DEL as ␡, C1 controls and the bidirectional overrides and isolates (which reorder what follows) as �.
/// Line ends and tabs stay.
pub fn terminal_safe(text: &str) -> std::borrow::Cow<'_, str> {
    let unsafe_char = |c: char| {
        (c.is_control() && c != '\n' && c != '\t')
            || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
    };
    if !text.chars().any(unsafe_char) {
        return std::borrow::Cow::Borrowed(text);
    }
    text.chars()
        .map(|c| match c {
            c if !unsafe_char(c) => c,
            '\u{7f}' => '\u{2421}',
            c if (c as u32) < 0x20 => char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}'),
            _ => '\u{fffd}',
        })
        .collect::<String>()
        .into()
}

#[cfg(test)]
mod tests {
    use super::terminal_safe;

    #[test]
    fn stored_text_cannot_drive_the_terminal() {
        assert_eq!(terminal_safe("合同\u{1b}]0;x\u{7}"), "合同␛]0;x␇");
        assert_eq!(terminal_safe("甲\u{202e}乙\u{7f}"), "甲\u{fffd}乙\u{2421}");
        assert_eq!(terminal_safe("第一行\n\t第二行"), "第一行\n\t第二行");
    }
}

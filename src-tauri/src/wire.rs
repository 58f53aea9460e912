//! The one shape an error takes on its way to the UI: `{kind, message, field}`. `message` is the core's Chinese
//! sentence, written for a clerk; `kind` is the core's stable code (`invalid`, `not_found`, `illegal_transition`
//! …) for the UI to branch on; `field` names the form field at fault, when there is one.

use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct WireError {
    pub kind: fashen::error::ErrorKind,
    pub message: String,
    /// The Chinese label of the field an `invalid` error is about (`事项名称`).
    pub field: Option<&'static str>,
}

impl From<fashen::Error> for WireError {
    fn from(e: fashen::Error) -> Self {
        let field = match &e {
            fashen::Error::Invalid { field, .. } => Some(*field),
            _ => None,
        };
        WireError {
            kind: e.kind(),
            message: e.to_string(),
            field,
        }
    }
}

impl WireError {
    /// A failure of the shell itself (a dialog, the file system), not of the core.
    pub fn io(message: String) -> Self {
        WireError {
            kind: fashen::error::ErrorKind::Io,
            message,
            field: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_invalid_field_crosses_as_its_kind_message_and_field() {
        let e = WireError::from(fashen::Error::invalid("事项名称", "不能为空"));
        let json = serde_json::to_value(&e).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"kind": "invalid", "message": "事项名称：不能为空", "field": "事项名称"})
        );
    }

    #[test]
    fn a_refusal_crosses_without_a_field() {
        let e = WireError::from(fashen::Error::Refused(
            "意见书尚无审查意见和结论，不能签发".into(),
        ));
        let json = serde_json::to_value(&e).unwrap();
        assert_eq!(json["kind"], "refused");
        assert_eq!(json["field"], serde_json::Value::Null);
    }
}

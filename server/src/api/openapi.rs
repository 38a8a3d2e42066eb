//! The OpenAPI 3 document, generated from the handlers' `#[utoipa::path]` annotations
//! and the wire types, served at `/api/v1/openapi.json`.

use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use super::wire::*;
use crate::error::ErrorBody;

#[derive(OpenApi)]
#[openapi(
    info(title = "JSNM attendance server", version = "1"),
    paths(
        super::login::login,
        super::login::logout,
        super::login::change_password,
        super::login::me,
        super::attendance::upload,
        super::attendance::history,
        super::publish::keys,
        super::publish::rules,
        super::publish::openapi,
        super::staff::session_code,
        super::staff::create_congress,
        super::staff::create_session,
        super::staff::revoke_tokens,
        super::projector::page,
        super::projector::code_json,
    ),
    components(schemas(
        ErrorBody, LoginRequest, LoginResponse, AccountBody, PasswordRequest, ScanItem,
        UploadRequest, UploadResponse, ItemResult, Verdict, RecordBody, HistoryResponse,
        MeResponse, HeldCertificationBody, CodeResponse, RotationBody, CongressRequest,
        SessionRequest, RevokedResponse, super::projector::ProjectorCodeBody,
    )),
    modifiers(&BearerSchemes)
)]
struct ApiDoc;

struct BearerSchemes;

impl Modify for BearerSchemes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        if let Some(components) = openapi.components.as_mut() {
            for name in ["member", "staff"] {
                components.add_security_scheme(
                    name,
                    SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
                );
            }
        }
    }
}

pub fn document() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}

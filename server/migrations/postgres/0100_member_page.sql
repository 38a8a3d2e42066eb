-- The member page (会員マイページ): browser sessions, what a member has acknowledged,
-- the office's profile data shown on 会員ステータス, and notices (お知らせ).
-- Times are unix milliseconds, dates ISO text, as in 0001.

-- Sessions live on the server so logout ends them; only the SHA-256 of the cookie is
-- stored (a copy of the database logs nobody in). The CSRF token is per session.
CREATE TABLE web_sessions (
    token_hash TEXT PRIMARY KEY,
    member_id BIGINT NOT NULL REFERENCES members(id),
    csrf_token TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX web_sessions_member ON web_sessions(member_id);

CREATE TABLE member_profiles (
    member_id BIGINT PRIMARY KEY REFERENCES members(id),
    region TEXT,
    councillor BOOLEAN NOT NULL DEFAULT FALSE,
    notice_acknowledged_at BIGINT,
    password_changed_at BIGINT
);

-- Positions and committee history (役職・委員会歴), newest first by since.
CREATE TABLE member_positions (
    id BIGSERIAL PRIMARY KEY,
    member_id BIGINT NOT NULL REFERENCES members(id),
    title TEXT NOT NULL,
    since TEXT NOT NULL,
    until TEXT
);
CREATE INDEX member_positions_member ON member_positions(member_id);

-- category: member (会員へのお知らせ), councillor (評議員へのお知らせ), info (会員向け情報).
CREATE TABLE notices (
    id BIGSERIAL PRIMARY KEY,
    category TEXT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    published_on TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX notices_published ON notices(category, published_on);

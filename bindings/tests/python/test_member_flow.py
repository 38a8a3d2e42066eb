"""The member flow through the generated Python bindings, against the real server.

Log in with the temporary password, scan a photo of the poster (a camera frame in
each pixel layout, and the JPEG), scan it again, try a forged code, scan while
offline, come back, sync, check the credits. Async methods are coroutines on asyncio;
the token store and the sync listener are Python objects the core calls back.
"""

import asyncio

import pytest

import attend_ffi
from attend_ffi import AttendError, Locale, PixelFormat

FORMATS = {"luma": PixelFormat.LUMA, "bgra": PixelFormat.BGRA, "rgba": PixelFormat.RGBA}


def scan_raw(app, frame):
    with open(frame["path"], "rb") as f:
        data = f.read()
    return app.scan_frame(FORMATS[frame["format"]], data, frame["width"], frame["height"],
                          frame["stride"])


def test_member_flow(demo, make_app):
    app, tokens, listener = make_app(demo["url"], Locale.JA)

    account = asyncio.run(app.login(demo["member_number"], demo["password"]))
    assert account.member_number == demo["member_number"]
    assert account.temporary_password
    assert "仮パスワード" in account.reminder
    assert tokens.token, "the token went to the platform's store"
    asyncio.run(app.sync_now())  # the society's keys and rules

    first, *others = demo["frames"]
    result = scan_raw(app, first)
    assert result is not None, "the poster photo decodes"
    assert result.headline == "登録しました"
    assert not result.already_registered
    assert "教育講演1" in result.session_title
    assert result.pending
    assert scan_raw(app, first) is None, "held in view: reported once"
    for frame in others:
        app.reset_scanner()
        again = scan_raw(app, frame)
        assert again is not None, frame["format"]
        assert again.already_registered
        assert again.headline == "登録済みです"
    assert app.scan_image_file(demo["photo_jpeg"]).already_registered

    with pytest.raises(AttendError.CodeRefused) as refused:
        app.scan_text(demo["forged_code"])
    assert refused.value.code == "code_refused"
    assert refused.value.reason  # localised text for the member
    with pytest.raises(AttendError.CodeRefused):
        app.scan_image_file(demo["forged_photo_jpeg"])

    app.network_changed(False)
    desk = app.scan_text(demo["desk_code"])
    assert desk.pending
    home = app.home()
    assert home.waiting >= 1
    assert home.waiting_text
    assert len(home.entries) == 2

    app.network_changed(True)
    outcome = asyncio.run(app.sync_now())
    assert outcome.waiting == 0
    home = app.home()
    assert home.waiting == 0
    assert all(e.status == attend_ffi.EntryStatus.CONFIRMED for e in home.entries)
    credits = app.credits()
    assert credits.confirmed_total == 11
    assert credits.pending_total == 0
    # The test server grants 核医学専門医 (renewal in 400 days): its progress is shown,
    # all of it confirmed.
    assert [c.name for c in credits.certifications] == ["核医学専門医"]
    assert credits.certifications[0].confirmed > 0
    assert credits.certifications[0].pending == 0
    assert "syncing" in listener.states()

    # A listener that raises a plain Python error does not take sync down.
    listener.failing = True
    asyncio.run(app.sync_now())
    assert app.sync_status().state in ("idle", "syncing")

    # A locked keychain: a storage error, not a crash; the account stays.
    tokens.failing = True
    with pytest.raises(AttendError.Storage):
        asyncio.run(app.logout())
    tokens.failing = False
    out = asyncio.run(app.logout())
    assert out.revoked
    assert app.account() is None
    asyncio.run(app.shutdown())


def test_wrong_password_in_english(demo, make_app):
    app, _, _ = make_app(demo["url"], Locale.EN)
    with pytest.raises(AttendError.Login) as err:
        asyncio.run(app.login(demo["member_number"], "not-the-password"))
    assert err.value.code == "wrong_credentials"
    assert "password is wrong" in err.value.reason
    assert attend_ffi.locale_from_tag("en-US") == Locale.EN
    assert attend_ffi.locale_from_tag("ja_JP") == Locale.JA

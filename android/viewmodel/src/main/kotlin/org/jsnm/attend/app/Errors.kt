package org.jsnm.attend.app

import org.jsnm.attend.AttendException

/**
 * The member-facing text of any core error, in the app's language. The generated sealed
 * class gives each variant its own `reason` field but none on the base class.
 */
val AttendException.reasonText: String
    get() = when (this) {
        is AttendException.NotLoggedIn -> reason
        is AttendException.Login -> reason
        is AttendException.Network -> reason
        is AttendException.SignedOut -> reason
        is AttendException.CodeRefused -> reason
        is AttendException.Unreadable -> reason
        is AttendException.Storage -> reason
        is AttendException.Internal -> reason
    }

/** The member must log in again: the screens behind the login are of no use. */
internal val AttendException.needsLogin: Boolean
    get() = this is AttendException.NotLoggedIn || this is AttendException.SignedOut

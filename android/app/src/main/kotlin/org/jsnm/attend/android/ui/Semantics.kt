package org.jsnm.attend.android.ui

import androidx.compose.ui.Modifier
import androidx.compose.ui.semantics.contentDescription
import androidx.compose.ui.semantics.heading
import androidx.compose.ui.semantics.semantics

// Every control carries the core's own words as its accessible label, so TalkBack reads
// the same Japanese or English the screen shows, never a resource name or an icon.

/** The label a screen reader speaks for this control. */
fun Modifier.spoken(label: String): Modifier = semantics { contentDescription = label }

/** A screen or section title: screen readers can jump between headings. */
fun Modifier.screenHeading(): Modifier = semantics { heading() }

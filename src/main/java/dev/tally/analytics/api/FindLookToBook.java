package dev.tally.analytics.api;

/** Ask for views and units sold of every product that was viewed or sold. */
public record FindLookToBook() {
}

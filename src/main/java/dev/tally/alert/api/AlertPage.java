package dev.tally.alert.api;

import java.util.List;

/** One page of alerts, with what a client needs to ask for the others. */
public record AlertPage(List<AlertView> alerts, int page, int size, long totalElements) {
}

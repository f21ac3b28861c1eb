package dev.tally.shared.axon;

/** This running application among the nodes that share one database: the owner of its token claims. */
public record NodeId(String value) {
}

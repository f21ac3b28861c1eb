package dev.tally.shared.money;

import dev.tally.shared.InvalidInput;

/** Money from a request that the contract rejects: wrong scale, range or currency. */
public class InvalidMoney extends InvalidInput {

    public InvalidMoney(String field, String message) {
        super(field, message);
    }
}

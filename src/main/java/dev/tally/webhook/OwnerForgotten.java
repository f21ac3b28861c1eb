package dev.tally.webhook;

import dev.tally.shared.DomainRejection;

/**
 * A webhook's owner is a subject whose personal data was just forgotten: its secret could not be
 * kept, so the webhook is not registered. The caller's next request acts as their new subject.
 */
class OwnerForgotten extends DomainRejection.WrongState {

    OwnerForgotten() {
        super("Your personal data was forgotten a moment ago; register the webhook again");
    }
}

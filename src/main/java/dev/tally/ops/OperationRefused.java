package dev.tally.ops;

import dev.tally.shared.web.ProblemWriter;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * An operator's request that cannot be carried out as asked: no such processor, a processor that
 * cannot be replayed, no dead-letter queue. These are not domain rejections (no business rule
 * refuses them, no aggregate is involved), so they are Spring's own problem responses, typed as
 * every problem of Tally is.
 */
final class OperationRefused extends ErrorResponseException {

    private OperationRefused(HttpStatus status, String type, String detail) {
        super(status, ProblemWriter.problem(status, type, detail), null);
    }

    static OperationRefused unknownProcessor(String name) {
        return new OperationRefused(HttpStatus.NOT_FOUND, "unknown-processor",
                "There is no event processor " + name + ".");
    }

    static OperationRefused notReplayable(String name) {
        return new OperationRefused(HttpStatus.CONFLICT, "not-replayable",
                "Processor " + name + " cannot be replayed: it does not support a reset (it has side effects).");
    }

    static OperationRefused replayUnderWay(String name) {
        return new OperationRefused(HttpStatus.CONFLICT, "replay-under-way",
                "Processor " + name + " is being replayed already: wait until GET /api/admin/processors shows it"
                        + " caught up.");
    }

    static OperationRefused noDeadLetterQueue(String processor) {
        return new OperationRefused(HttpStatus.CONFLICT, "no-dead-letter-queue",
                "Processor " + processor + " has no dead-letter queue.");
    }
}

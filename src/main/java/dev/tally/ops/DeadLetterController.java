package dev.tally.ops;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Dead letters for operators (ADMIN only, see SecurityConfig). */
@Tag(name = "dead-letters", description = "Events processors could not handle (admin)")
@RestController
@RequestMapping("/api/admin/dead-letters")
class DeadLetterController {

    private final DeadLetters deadLetters;

    DeadLetterController(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    record RetryResponse(String processor, int sequencesProcessed) {
    }

    @Operation(operationId = "listDeadLetters", summary = "List the events processors could not handle, with the error")
    @GetMapping
    List<DeadLetterView> all() {
        return deadLetters.all();
    }

    @Operation(summary = "Retry a processor's dead letters")
    @PostMapping("/{processor}/retry")
    ResponseEntity<RetryResponse> retry(@PathVariable String processor) {
        return ResponseEntity.accepted().body(new RetryResponse(processor, deadLetters.retry(processor)));
    }
}

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

/** The event processors for operators (ADMIN only, see SecurityConfig). */
@Tag(name = "processors", description = "Event processors: positions, lag, replays (admin)")
@RestController
@RequestMapping("/api/admin/processors")
class ProcessorController {

    private final Processors processors;

    ProcessorController(Processors processors) {
        this.processors = processors;
    }

    @Operation(operationId = "listProcessors", summary = "List the event processors with their position and lag")
    @GetMapping
    List<ProcessorView> all() {
        return processors.all();
    }

    /** 202: the replay has started; {@code GET} shows its progress. */
    @Operation(summary = "Rebuild a processor's read model from the first event")
    @PostMapping("/{name}/replay")
    ResponseEntity<ProcessorView> replay(@PathVariable String name) {
        return ResponseEntity.accepted().body(processors.replay(name));
    }
}

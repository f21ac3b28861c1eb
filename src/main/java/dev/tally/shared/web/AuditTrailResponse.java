package dev.tally.shared.web;

import java.util.List;

import dev.tally.shared.eventstore.AuditTrail;
import dev.tally.shared.eventstore.StoredEvent;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * A page of an audit trail as the API answers it: the events (an array, as the contract has it)
 * and, when there are more, {@code Link: <...?after=N>; rel="next"} (RFC 8288) with the request's
 * other parameters kept, so a client follows the links to the end of the history.
 */
public final class AuditTrailResponse {

    private AuditTrailResponse() {
    }

    public static ResponseEntity<List<StoredEvent>> of(AuditTrail.Page page) {
        ResponseEntity.BodyBuilder response = ResponseEntity.ok();
        if (page.nextAfter() != null) {
            String next = ServletUriComponentsBuilder.fromCurrentRequest()
                    .replaceQueryParam("after", page.nextAfter()).build().toUriString();
            response.header(HttpHeaders.LINK, "<" + next + ">; rel=\"next\"");
        }
        return response.body(page.events());
    }
}

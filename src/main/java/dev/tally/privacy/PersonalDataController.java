package dev.tally.privacy;

import dev.tally.shared.security.Caller;
import dev.tally.shared.web.PlainText;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Size;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** Erasing a customer's personal data, for operators (ADMIN only, see SecurityConfig). */
@Tag(name = "personal-data", description = "Forgetting a customer (admin)")
@RestController
class PersonalDataController {

    private final PersonalDataEraser eraser;

    PersonalDataController(PersonalDataEraser eraser) {
        this.eraser = eraser;
    }

    @Operation(summary = "Forget a customer's personal data (admins)")
    @DeleteMapping("/api/admin/customers/{username}/personal-data")
    ResponseEntity<Void> forget(@PathVariable @Size(max = 100) @PlainText String username, Caller caller) {
        eraser.forget(username, caller.username());
        return ResponseEntity.noContent().build();
    }
}

package dev.tally.privacy;

import dev.tally.shared.security.Caller;
import dev.tally.shared.web.PlainText;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Size;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** Erasing a customer's personal data, and re-wrapping the keys after a rotation: for operators (ADMIN only, see SecurityConfig). */
@Tag(name = "personal-data", description = "Forgetting a customer (admin)")
@RestController
class PersonalDataController {

    private final PersonalDataEraser eraser;
    private final PersonalDataVault vault;
    private final KeyEncryptionKeys keys;

    PersonalDataController(PersonalDataEraser eraser, PersonalDataVault vault, KeyEncryptionKeys keys) {
        this.eraser = eraser;
        this.vault = vault;
        this.keys = keys;
    }

    @Operation(summary = "Forget a customer's personal data (admins)")
    @DeleteMapping("/api/admin/customers/{username}/personal-data")
    ResponseEntity<Void> forget(@PathVariable @Size(max = 100) @PlainText String username, Caller caller) {
        eraser.forget(username, caller.subject());
        return ResponseEntity.noContent().build();
    }

    /** How many data keys a re-wrap moved to the current key-encryption key. */
    record Rewrapped(int rewrapped, String keyEncryptionKey) {
    }

    @Operation(summary = "Re-wrap every personal data key with the current key-encryption key (admins), after a rotation")
    @PostMapping("/api/admin/personal-data/keys/rewrap")
    Rewrapped rewrap() {
        return new Rewrapped(vault.rewrap(), keys.current());
    }
}

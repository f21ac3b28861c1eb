package dev.tally.shared.web;

import static dev.tally.shared.web.ProblemWriter.problem;

import java.net.URI;
import java.util.List;
import java.util.Map;

import dev.tally.shared.DomainRejection;
import dev.tally.shared.InvalidInput;
import dev.tally.shared.StaleVersion;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.eventsourcing.IncompatibleAggregateException;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.databind.DatabindException;

/**
 * Where the failures of controllers become RFC 9457 problem responses (built by
 * {@link ProblemWriter}, as every other problem of Tally). Domain rejections map by category (see
 * {@link DomainRejection}); anything unexpected is a 500 that carries no internals.
 */
@RestControllerAdvice
public class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    private static final URI ABOUT_BLANK = URI.create("about:blank");

    private static final Map<Class<? extends DomainRejection>, HttpStatus> STATUS_BY_CATEGORY = Map.of(
            DomainRejection.InvalidInputRejection.class, HttpStatus.BAD_REQUEST,
            DomainRejection.NotFound.class, HttpStatus.NOT_FOUND,
            DomainRejection.WrongState.class, HttpStatus.CONFLICT,
            DomainRejection.RuleViolated.class, HttpStatus.UNPROCESSABLE_CONTENT,
            StaleVersion.class, HttpStatus.PRECONDITION_FAILED);

    @ExceptionHandler(DomainRejection.class)
    ResponseEntity<Object> rejected(DomainRejection rejection) {
        HttpStatus status = STATUS_BY_CATEGORY.entrySet().stream()
                .filter(category -> category.getKey().isInstance(rejection))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse(HttpStatus.BAD_REQUEST);
        ProblemDetail problem = problem(status, rejection.problemType(), rejection.getMessage());
        if (rejection instanceof InvalidInput invalid) {
            problem.setProperty("errors", List.of(new FieldError(invalid.field(), invalid.reason())));
        }
        return ResponseEntity.status(status).body(problem);
    }

    /**
     * Identifiers are unique across aggregate types, and the event store finds events by id alone:
     * an order command with an account's id loads the account's events, which do not make an
     * order. To the client that is the same as an unknown id.
     */
    @ExceptionHandler({AggregateNotFoundException.class, IncompatibleAggregateException.class})
    ResponseEntity<Object> notFound(RuntimeException exception) {
        return respond(problem(HttpStatus.NOT_FOUND, "not-found", "There is no such entity."));
    }

    /** Another command changed the entity between our read and our write; a retry will see it. */
    @ExceptionHandler({ConcurrencyException.class, AggregateStreamCreationException.class, EventStoreException.class})
    ResponseEntity<Object> concurrentChange(RuntimeException exception) {
        log.info("Concurrent change rejected: {}", exception.getMessage());
        return respond(problem(HttpStatus.CONFLICT, "concurrent-change",
                "The entity was changed at the same time by another request. Read it again and retry."));
    }

    @ExceptionHandler(ReadModelTimeout.class)
    ResponseEntity<Object> readModelBehind(ReadModelTimeout timeout) {
        return respond(problem(HttpStatus.GATEWAY_TIMEOUT, "read-model-behind", timeout.getMessage()));
    }

    /** The node holds as many streams or waiting reads as it may; {@code Retry-After} says when to try again. */
    @ExceptionHandler(TooManyRequests.class)
    ResponseEntity<Object> tooManyRequests(TooManyRequests busy) {
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(busy.retryAfterSeconds()))
                .body(problem(HttpStatus.TOO_MANY_REQUESTS, busy.problemType(), busy.getMessage()));
    }

    /** Handlers on a remote node wrap their exceptions; what counts is the cause. */
    @ExceptionHandler(CommandExecutionException.class)
    ResponseEntity<Object> commandFailed(CommandExecutionException exception) {
        Throwable cause = exception.getCause();
        if (cause instanceof DomainRejection rejection) {
            return rejected(rejection);
        }
        return unexpected(exception);
    }

    @ExceptionHandler(AccessDeniedException.class)
    ResponseEntity<Object> forbidden(AccessDeniedException exception) {
        return respond(problem(HttpStatus.FORBIDDEN, "forbidden", "This needs a role you do not have."));
    }

    /** A query string with a broken percent-escape ({@code ?page=%}) fails when Tomcat decodes it. */
    @ExceptionHandler(InvalidParameterException.class)
    ResponseEntity<Object> undecodableParameter(InvalidParameterException exception) {
        return respond(problem(HttpStatus.BAD_REQUEST, "malformed-request",
                "The query string is not valid percent-encoded UTF-8."));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception exception) {
        log.error("Unexpected failure", exception);
        return respond(problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error",
                "Something went wrong on our side. Nothing you sent was applied twice; try again later."));
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException exception,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-request", "The request has invalid fields.");
        problem.setProperty("errors", exception.getBindingResult().getFieldErrors().stream()
                .map(error -> new FieldError(error.getField(), error.getDefaultMessage()))
                .toList());
        return respond(problem);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException exception,
                                                                            HttpHeaders headers, HttpStatusCode status,
                                                                            WebRequest request) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-request", "The request has invalid parameters.");
        problem.setProperty("errors", exception.getParameterValidationResults().stream()
                .flatMap(result -> result.getResolvableErrors().stream()
                        .map(error -> new FieldError(result.getMethodParameter().getParameterName(),
                                error.getDefaultMessage())))
                .toList());
        return respond(problem);
    }

    /** A parameter that does not convert (an instant that is not one, say) is named like an invalid field. */
    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException exception, HttpHeaders headers,
                                                        HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-request", "The request has invalid parameters.");
        problem.setProperty("errors", List.of(new FieldError(exception.getPropertyName(),
                "has a value of the wrong type or format")));
        return respond(problem);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException exception,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof RequestBodyLimit.BodyTooLarge tooLarge) {
                return respond(problem(HttpStatus.CONTENT_TOO_LARGE, "body-too-large", tooLarge.getMessage()));
            }
        }
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "malformed-request",
                "The body is not valid JSON of the expected shape.");
        if (exception.getCause() instanceof DatabindException databind && !databind.getPath().isEmpty()) {
            String field = databind.getPath().stream()
                    .map(reference -> reference.getPropertyName() != null
                            ? reference.getPropertyName() : "[" + reference.getIndex() + "]")
                    .reduce((parent, child) -> child.startsWith("[") ? parent + child : parent + "." + child)
                    .orElse("");
            problem.setProperty("errors", List.of(new FieldError(field, "has a value of the wrong type or format")));
        }
        return respond(problem);
    }

    /** Spring's own exceptions (unknown path, wrong method, missing header...) get a type too. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception exception, Object body, HttpHeaders headers,
                                                             HttpStatusCode statusCode, WebRequest request) {
        ResponseEntity<Object> response = super.handleExceptionInternal(exception, body, headers, statusCode, request);
        if (response != null && response.getBody() instanceof ProblemDetail problem
                && (problem.getType() == null || ABOUT_BLANK.equals(problem.getType())) && problem.getTitle() != null) {
            problem.setType(ProblemWriter.type(problem.getTitle().toLowerCase().replace(' ', '-')));
        }
        return response;
    }

    private static ResponseEntity<Object> respond(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus()).body(problem);
    }

    record FieldError(String field, String message) {
    }
}

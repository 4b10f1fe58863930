package org.mailplatform.mailbox.api;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import org.mailplatform.model.Principal;
import org.mailplatform.sieve.SieveCompiler;
import org.mailplatform.store.config.SieveProperties;
import org.mailplatform.store.sieve.SieveScript;
import org.mailplatform.store.sieve.SieveScripts;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Users' Sieve scripts, as ManageSieve (RFC 5804) manages them, over REST: {@code /api/mail/sieve/...}
 * for the token's own user, {@code /api/mail/users/{userId}/sieve/...} for admins. Scripts are
 * compiled (libs/sieve) before they are stored, so delivery only ever finds scripts that parse.
 * Limits: a script over {@code mail.store.sieve.max-script-size} is 413, one script too many 409
 * (the user's scripts are what is in the way: delete one), like an existing name on rename and the
 * active script on delete.
 */
@RestController
@RequestMapping({"/api/mail/sieve", "/api/mail/users/{userId}/sieve"})
class SieveController {

    /** A script in a listing: no content. {@code size} is in UTF-8 bytes, what the limit counts. */
    record ScriptView(String name, boolean active, long size, Instant updatedAt) {
        static ScriptView of(SieveScript s) {
            return new ScriptView(s.name(), s.active(), s.content().getBytes(StandardCharsets.UTF_8).length,
                    s.updatedAt());
        }
    }

    /** The body of rename and of setting the active script ({@code null} name: none). */
    record NameRequest(String name) {
    }

    private static final MediaType SCRIPT = new MediaType("text", "plain", StandardCharsets.UTF_8);

    private final SieveScripts scripts;
    private final SieveCompiler compiler = new SieveCompiler();
    private final SieveProperties limits;
    private final Principals principals;

    SieveController(SieveScripts scripts, SieveProperties limits, Principals principals) {
        this.scripts = scripts;
        this.limits = limits;
        this.principals = principals;
    }

    @GetMapping("/scripts")
    List<ScriptView> list(HttpServletRequest request, @PathVariable(required = false) String userId,
                          @RequestParam(required = false) String tenant) {
        return scripts.list(principals.resolve(request, userId, tenant)).stream().map(ScriptView::of).toList();
    }

    @GetMapping("/scripts/{name}")
    ResponseEntity<String> get(HttpServletRequest request, @PathVariable(required = false) String userId,
                               @RequestParam(required = false) String tenant, @PathVariable String name) {
        SieveScript script = found(scripts.get(principals.resolve(request, userId, tenant), name), name);
        // the type set here is the one sent, whatever the client accepts: a script is text, never JSON
        return ResponseEntity.ok().contentType(SCRIPT).body(script.content());
    }

    @PutMapping(path = "/scripts/{name}", consumes = {MediaType.TEXT_PLAIN_VALUE, "application/sieve"})
    ScriptView put(HttpServletRequest request, @PathVariable(required = false) String userId,
                   @RequestParam(required = false) String tenant, @PathVariable String name)
            throws IOException, SieveScripts.SieveQuotaException {
        Principal p = principals.resolve(request, userId, tenant);
        String content = body(request);
        Optional<String> problem = compiler.problem(content);
        if (problem.isPresent()) {
            ProblemDetail detail = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, problem.get());
            detail.setTitle("The Sieve script does not compile");
            throw new ScriptRefused(detail);
        }
        scripts.put(p, name, content);
        return ScriptView.of(found(scripts.get(p, name), name));
    }

    @DeleteMapping("/scripts/{name}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(HttpServletRequest request, @PathVariable(required = false) String userId,
                @RequestParam(required = false) String tenant, @PathVariable String name) {
        if (!scripts.delete(principals.resolve(request, userId, tenant), name)) {
            throw new NoSuchElementException("no script named " + name);
        }
    }

    @PostMapping("/scripts/{name}/rename")
    ScriptView rename(HttpServletRequest request, @PathVariable(required = false) String userId,
                      @RequestParam(required = false) String tenant, @PathVariable String name,
                      @RequestBody NameRequest to) {
        Principal p = principals.resolve(request, userId, tenant);
        if (to == null || to.name() == null) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "the body names the new name: {\"name\": ...}");
        }
        scripts.rename(p, name, to.name());
        return ScriptView.of(found(scripts.get(p, to.name()), to.name()));
    }

    /** {@code {"name": "x"}} activates x, the others become inactive; {@code {"name": null}} or {@code null} deactivates. */
    @PutMapping("/active")
    NameRequest activate(HttpServletRequest request, @PathVariable(required = false) String userId,
                         @RequestParam(required = false) String tenant,
                         @RequestBody(required = false) NameRequest active) {
        Principal p = principals.resolve(request, userId, tenant);
        String name = active == null ? null : active.name();
        scripts.activate(p, name);
        return new NameRequest(name);
    }

    /**
     * The body as UTF-8 (RFC 5228 section 2.1), read no further than the size limit, so an
     * oversized upload is refused without being held in memory.
     */
    private String body(HttpServletRequest request) throws IOException {
        long max = limits.maxScriptSize().toBytes();
        if (request.getContentLengthLong() > max) {
            throw tooLarge(request.getContentLengthLong());
        }
        byte[] bytes;
        try (InputStream in = request.getInputStream()) {
            bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 1, max + 1));
        }
        if (bytes.length > max) {
            throw tooLarge(bytes.length);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "a Sieve script is UTF-8 text");
        }
    }

    private ResponseStatusException tooLarge(long size) {
        long max = limits.maxScriptSize().toBytes();
        return new ResponseStatusException(HttpStatus.CONTENT_TOO_LARGE, "the script is " + (size > max + 1 ? size
                : "over " + max) + " bytes, at most " + max + " are allowed");
    }

    private static SieveScript found(Optional<SieveScript> script, String name) {
        return script.orElseThrow(() -> new NoSuchElementException("no script named " + name));
    }

    /** A refusal with a problem detail of its own (the compiler's message). */
    static final class ScriptRefused extends RuntimeException {
        final transient ProblemDetail detail;

        ScriptRefused(ProblemDetail detail) {
            super(detail.getDetail(), null, false, false);
            this.detail = detail;
        }
    }

    @ExceptionHandler(ScriptRefused.class)
    ProblemDetail refused(ScriptRefused e) {
        return e.detail;
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail badName(IllegalArgumentException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    @ExceptionHandler(NoSuchElementException.class)
    ProblemDetail notFound(NoSuchElementException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
    }

    /** The active script on delete, an existing name on rename, activations that kept colliding. */
    @ExceptionHandler(IllegalStateException.class)
    ProblemDetail conflict(IllegalStateException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
    }

    /** Only the number of scripts gets here: the size was checked against the same limit before. */
    @ExceptionHandler(SieveScripts.SieveQuotaException.class)
    ProblemDetail tooMany(SieveScripts.SieveQuotaException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
    }
}

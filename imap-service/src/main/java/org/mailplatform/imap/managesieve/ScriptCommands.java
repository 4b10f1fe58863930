package org.mailplatform.imap.managesieve;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;

import org.mailplatform.model.Principal;
import org.mailplatform.sieve.SieveCompiler;
import org.mailplatform.store.sieve.SieveScript;
import org.mailplatform.store.sieve.SieveScripts;

/**
 * The script commands of RFC 5804 (sections 2.3-2.12) against the store, for one principal. Runs
 * on a blocking thread (the store is MongoDB, the compiler is CPU work), never on the event loop;
 * returns every response line of the command, the final {@code OK}/{@code NO} last.
 */
public final class ScriptCommands {

    private final SieveScripts scripts;
    private final SieveCompiler compiler;
    private final int maxScriptSize;
    private final int maxScripts;
    private final int maxNameLength;

    /** With the store's default name length. */
    public ScriptCommands(SieveScripts scripts, SieveCompiler compiler, int maxScriptSize, int maxScripts) {
        this(scripts, compiler, maxScriptSize, maxScripts, ScriptName.MAX_LENGTH);
    }

    /**
     * @param maxScriptSize, {@code maxScripts} and {@code maxNameLength}: the store's limits
     *                       ({@code mail.store.sieve.*}), for HAVESPACE and the names checked first
     */
    public ScriptCommands(SieveScripts scripts, SieveCompiler compiler, int maxScriptSize, int maxScripts,
                          int maxNameLength) {
        this.scripts = scripts;
        this.compiler = compiler;
        this.maxScriptSize = maxScriptSize;
        this.maxScripts = maxScripts;
        this.maxNameLength = maxNameLength;
    }

    List<SieveResponse> run(Principal user, SieveCommand command) {
        return switch (command) {
            case SieveCommand.HaveSpace c -> named(c.name(), () -> haveSpace(user, c));
            case SieveCommand.PutScript c -> named(c.name(), () -> put(user, c));
            case SieveCommand.CheckScript c -> List.of(check(c.script()).orElse(SieveResponse.ok("Script is valid")));
            case SieveCommand.ListScripts c -> list(user);
            case SieveCommand.SetActive c -> c.name().isEmpty() ? activate(user, null) : named(c.name(), () -> activate(user, c.name()).getLast());
            case SieveCommand.GetScript c -> named(c.name(), () -> null, () -> get(user, c.name()));
            case SieveCommand.DeleteScript c -> named(c.name(), () -> delete(user, c.name()));
            case SieveCommand.RenameScript c -> named(c.from(), () -> ScriptName.problem(c.to(), maxNameLength)
                    .map(p -> (SieveResponse) SieveResponse.no(p)).orElseGet(() -> rename(user, c.from(), c.to())));
            default -> throw new IllegalArgumentException("not a script command: " + command.keyword());
        };
    }

    /** Section 2.5: whether a PUTSCRIPT of that name and size would fit, by the store's limits. */
    private SieveResponse haveSpace(Principal user, SieveCommand.HaveSpace c) {
        if (c.size() > maxScriptSize) {
            return tooLarge();
        }
        List<SieveScript> existing = scripts.list(user);
        if (existing.size() >= maxScripts && existing.stream().noneMatch(s -> s.name().equals(c.name()))) {
            return maxScriptsReached();
        }
        return SieveResponse.ok("Putscript would succeed");
    }

    private SieveResponse put(Principal user, SieveCommand.PutScript c) {
        Optional<SieveResponse> problem = check(c.script());
        if (problem.isPresent()) {
            return problem.get();
        }
        try {
            scripts.put(user, c.name(), c.script());
            return SieveResponse.ok("Script stored");
        } catch (SieveScripts.SieveQuotaException e) {
            return maxScriptsReached(); // the size was checked above: what is left is the number of scripts
        } catch (IllegalArgumentException e) {
            return SieveResponse.no("Script name is not allowed");
        }
    }

    /** Size, then syntax: the compiler's own words in the {@code NO} (section 2.6). */
    private Optional<SieveResponse> check(String script) {
        if (script.getBytes(StandardCharsets.UTF_8).length > maxScriptSize) {
            return Optional.of(tooLarge());
        }
        return compiler.problem(script).map(SieveResponse::no);
    }

    private List<SieveResponse> list(Principal user) {
        List<String> lines = new ArrayList<>();
        for (SieveScript s : scripts.list(user)) {
            lines.add(SieveResponse.string(s.name()) + (s.active() ? " ACTIVE" : ""));
        }
        return List.of(new SieveResponse.Lines(lines), SieveResponse.ok("Listscripts completed"));
    }

    private List<SieveResponse> activate(Principal user, String name) {
        try {
            scripts.activate(user, name);
            return List.of(SieveResponse.ok(name == null ? "No script is active" : "Script activated"));
        } catch (NoSuchElementException e) {
            return List.of(nonexistent());
        }
    }

    private List<SieveResponse> get(Principal user, String name) {
        return scripts.get(user, name)
                .map(s -> List.<SieveResponse>of(new SieveResponse.Script(s.content()), SieveResponse.ok("Getscript completed")))
                .orElseGet(() -> List.of(nonexistent()));
    }

    private SieveResponse delete(Principal user, String name) {
        try {
            return scripts.delete(user, name) ? SieveResponse.ok("Script deleted") : nonexistent();
        } catch (IllegalStateException e) {
            return SieveResponse.no(SieveResponse.Code.ACTIVE, "Script is active; deactivate it first");
        }
    }

    private SieveResponse rename(Principal user, String from, String to) {
        if (scripts.get(user, from).isEmpty()) {
            return nonexistent();
        }
        if (!from.equals(to) && scripts.get(user, to).isPresent()) {
            return alreadyExists();
        }
        try {
            scripts.rename(user, from, to);
            return SieveResponse.ok("Script renamed");
        } catch (IllegalStateException e) {
            return alreadyExists(); // created in between by another session
        } catch (NoSuchElementException e) {
            return nonexistent();
        } catch (IllegalArgumentException e) {
            // the store's name rule, should it ever be narrower than ScriptName's: a refusal, not a failure
            return SieveResponse.no("Script name is not allowed");
        }
    }

    private List<SieveResponse> named(String name, java.util.function.Supplier<SieveResponse> then) {
        return named(name, then, null);
    }

    /** Checks the name first (section 1.6); {@code many} answers with several lines where given. */
    private List<SieveResponse> named(String name, java.util.function.Supplier<SieveResponse> then,
                                      java.util.function.Supplier<List<SieveResponse>> many) {
        Optional<String> problem = ScriptName.problem(name, maxNameLength);
        if (problem.isPresent()) {
            return List.of(SieveResponse.no(problem.get()));
        }
        return many != null ? many.get() : List.of(then.get());
    }

    private SieveResponse tooLarge() {
        return SieveResponse.no(SieveResponse.Code.QUOTA_MAXSIZE, "Script is larger than " + maxScriptSize + " bytes");
    }

    private SieveResponse maxScriptsReached() {
        return SieveResponse.no(SieveResponse.Code.QUOTA_MAXSCRIPTS, "At most " + maxScripts + " scripts per user");
    }

    private static SieveResponse nonexistent() {
        return SieveResponse.no(SieveResponse.Code.NONEXISTENT, "There is no script by that name");
    }

    private static SieveResponse alreadyExists() {
        return SieveResponse.no(SieveResponse.Code.ALREADYEXISTS, "A script by that name exists");
    }
}

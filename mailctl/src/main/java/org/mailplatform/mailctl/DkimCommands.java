package org.mailplatform.mailctl;

import java.util.List;

import org.mailplatform.mailctl.Output.Column;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import tools.jackson.databind.JsonNode;

@Command(name = "dkim", description = "A domain's DKIM signing keys: generate, publish in DNS, activate, remove.")
final class DkimCommands {

    static final List<Column> COLUMNS = List.of(Column.field("SELECTOR", "selector"), Column.field("ACTIVE", "active"),
            Column.field("ALGORITHM", "algorithm"), Column.field("BITS", "bits"), Column.field("CREATED", "createdAt"), Column.field("ACTIVATED", "activatedAt"),
            Column.field("DNS-NAME", "dnsName"));

    @ParentCommand
    DomainCommands domain;

    @Command(name = "generate", description = "Generate a key and print its DNS record. The domain's first key "
            + "signs at once; later ones wait for 'activate' (or --activate). A domain signs with one RSA and one "
            + "Ed25519 key at most.")
    int generate(@Parameters(paramLabel = "DOMAIN") String name,
            @Option(names = "--selector", description = "DNS labels (default: mp<yyyyMM>)") String selector,
            @Option(names = "--algorithm", description = "rsa (default) or ed25519 (RFC 8463; use a selector of its own)")
            String algorithm,
            @Option(names = "--bits", description = "RSA only: 1024 (weak), 2048 (default), 3072 or 4096") Integer bits,
            @Option(names = "--activate", description = "sign with it at once, even if the domain has a key of its "
                    + "algorithm") boolean activate) {
        var body = AdminClient.JSON.createObjectNode().put("selector", selector).put("bits", bits);
        if (algorithm != null) {
            body.put("algorithm", algorithm);
        }
        if (activate) {
            body.put("activate", true);
        }
        JsonNode key = mailctl().client().post(path(name), body);
        Output out = mailctl().out();
        out.print(key, COLUMNS);
        out.note("\n" + DkimRecord.zoneEntry(key.path("dnsName").asString(), key.path("dnsRecord").asString()) + "\n");
        out.note(key.path("active").asBoolean()
                ? "This key signs the domain's mail now: publish the record above at once. Publish a later key's "
                        + "record before you activate it."
                : "Publish the record above and wait for its DNS TTL before signing with this key: mailctl domain dkim "
                        + "activate " + name + " " + key.path("selector").asString());
        return 0;
    }

    @Command(name = "list", description = "List the domain's keys, the active ones first.")
    int list(@Parameters(paramLabel = "DOMAIN") String name) {
        mailctl().out().print(mailctl().client().get(path(name)), COLUMNS);
        return 0;
    }

    @Command(name = "activate", description = "Sign with this key from now on; the previous key of its algorithm "
            + "stays, inactive.")
    int activate(@Parameters(index = "0", paramLabel = "DOMAIN") String name,
            @Parameters(index = "1", paramLabel = "SELECTOR") String selector) {
        mailctl().out().print(mailctl().client().post(path(name) + "/" + AdminClient.segment(selector) + "/activate", null),
                COLUMNS);
        return 0;
    }

    @Command(name = "remove", description = "Remove a key; if it is the active one, the domain's mail goes out unsigned.")
    int remove(@Parameters(index = "0", paramLabel = "DOMAIN") String name,
            @Parameters(index = "1", paramLabel = "SELECTOR") String selector) {
        mailctl().client().delete(path(name) + "/" + AdminClient.segment(selector));
        mailctl().out().done("removed DKIM key " + selector + " of " + name);
        return 0;
    }

    private MailCtl mailctl() {
        return domain.mailctl;
    }

    private static String path(String name) {
        return "/api/admin/domains/" + AdminClient.segment(name) + "/dkim";
    }
}

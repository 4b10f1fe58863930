package org.mailplatform.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mailplatform.blob.BlobStore;
import org.mailplatform.directory.client.DirectoryQuotas;
import org.mailplatform.directory.client.QuotaResult;
import org.mailplatform.embedded.BackendEndpoints;
import org.mailplatform.model.Principal;
import org.mailplatform.store.config.MailboxStoreAutoConfiguration;
import org.mailplatform.teststack.WithTestStack;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.mongodb.core.MongoTemplate;

@WithTestStack
class MailboxStoreAutoConfigurationTest {

    static StoreFixture fixture;

    @BeforeAll
    static void start(BackendEndpoints stack) {
        fixture = new StoreFixture(stack);
    }

    @AfterAll
    static void stop() throws Exception {
        fixture.close();
    }

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(MailboxStoreAutoConfiguration.class))
                .withBean(MongoTemplate.class, fixture::template)
                .withBean(BlobStore.class, () -> fixture.blobs)
                .withPropertyValues("spring.kafka.bootstrap-servers=" + fixture.stack.kafkaBootstrapServers());
    }

    @Test
    void storeIsCreatedOnlyWhenEnabled() {
        runner().run(context -> assertThat(context).doesNotHaveBean(MailboxStore.class));
        runner().withPropertyValues("mail.store.enabled=true", "mail.store.quota-messages=7").run(context -> {
            assertThat(context).hasSingleBean(MailboxStore.class);
            assertThat(context.getBean(QuotaPolicy.class).limitsFor(null).messages()).isEqualTo(7);
        });
        runner().run(context -> assertThat(context).doesNotHaveBean(org.mailplatform.store.sieve.SieveScripts.class));
    }

    @Test
    void sieveScriptsAndTheVacationLogComeWithTheStoreWithTheirLimitsFromProperties() {
        runner().withPropertyValues("mail.store.enabled=true", "mail.store.sieve.max-scripts=5",
                "mail.store.sieve.max-script-size=1KB").run(context -> {
                    assertThat(context).hasSingleBean(org.mailplatform.store.sieve.SieveScripts.class);
                    assertThat(context).hasSingleBean(org.mailplatform.store.sieve.VacationLog.class);
                    var limits = context.getBean(org.mailplatform.store.config.SieveProperties.class);
                    assertThat(limits.maxScripts()).isEqualTo(5);
                    assertThat(limits.maxScriptSize().toBytes()).isEqualTo(1024);
                    assertThat(limits.maxNameLength()).isEqualTo(128);
                });
    }

    @Test
    void quotaLimitsComeFromTheDirectoryWhenTheServiceHasADirectoryClient() {
        Principal user = new Principal("t", "u", "u@example.com");
        DirectoryQuotas directory = p -> p.userId().equals("u") ? new QuotaResult.Limits(1000L, null, 5000L, 9L)
                : new QuotaResult.Unavailable("directory timed out");
        runner().withBean(DirectoryQuotas.class, () -> directory)
                .withPropertyValues("mail.store.enabled=true", "mail.store.quota-messages=7").run(context -> {
                    QuotaPolicy policy = context.getBean(QuotaPolicy.class);
                    assertThat(policy.limitsFor(user)).isEqualTo(new QuotaPolicy.Limits(1000, 0, 5000, 9));
                    // a directory that cannot answer is a temporary failure, never "unlimited"
                    assertThatThrownBy(() -> policy.limitsFor(new Principal("t", "other", "o@example.com")))
                            .isInstanceOf(StoreUnavailableException.class);
                });
    }
}

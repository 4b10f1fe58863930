package org.mailplatform.smtp.server;

import java.time.Clock;

import io.netty.handler.ssl.SslContext;
import org.mailplatform.blob.BlobStore;
import org.mailplatform.directory.client.Directory;
import org.mailplatform.protocol.metrics.ProtocolMetrics;
import org.mailplatform.protocol.session.BlockingWork;
import org.mailplatform.smtp.clientcheck.ClientChecker;
import org.mailplatform.smtp.clientcheck.ClientPolicy;
import org.mailplatform.smtp.clientcheck.DomainListChecker;
import org.mailplatform.smtp.config.SmtpProperties;
import org.mailplatform.smtp.intake.InboundPublisher;
import org.mailplatform.smtp.msgauth.MessageAuthenticator;
import org.mailplatform.smtp.policy.RecipientPolicy;
import org.mailplatform.smtp.policy.SendRateLimiter;
import org.mailplatform.smtp.policy.SenderPolicy;
import org.mailplatform.smtp.policy.SubmissionRateGate;
import org.mailplatform.smtp.spf.SpfChecker;
import org.mailplatform.smtp.spf.SpfPolicy;

/**
 * What every SMTP session of a node shares. {@code submissionRate} decides at MAIL (cluster-wide,
 * this node's {@code sendRate} as fallback); {@code sendRate} also records each queued message.
 * The domain block lists are asked about the MAIL FROM domain ({@code senderLists}), the HELO name
 * ({@code heloLists}) and the client's verified name ({@code clientNameLists}).
 */
record SmtpServices(SmtpProperties settings, SslContext ssl, Directory directory, RecipientPolicy recipients,
                    SenderPolicy senders, SendRateLimiter sendRate, SubmissionRateGate submissionRate, BlobStore blobs, InboundPublisher publisher,
                    BlockingWork blocking, ProtocolMetrics metrics, Clock clock,
                    ClientChecker clientChecks, DomainListChecker senderLists, DomainListChecker heloLists,
                    DomainListChecker clientNameLists, ClientPolicy clientPolicy, SpfChecker spf, SpfPolicy spfPolicy,
                    MessageAuthenticator messageAuth) {
}

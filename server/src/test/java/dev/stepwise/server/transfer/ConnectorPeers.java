package dev.stepwise.server.transfer;

import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.sftp.server.Handle;
import org.apache.sshd.sftp.server.SftpEventListener;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;

/**
 * What the connector tests connect to and with: a plain Apache MINA SSHD SFTP server on loopback
 * (a folder as its file system, one user with a password), keys, and private keys written in PEM as
 * a connector's secret holds them.
 */
final class ConnectorPeers {
    private ConnectorPeers() {}

    /** A private key in legacy PEM (PKCS#1 "RSA PRIVATE KEY" or SEC1 "EC PRIVATE KEY"), as AWS asks for. */
    static String pem(KeyPair pair) {
        try {
            byte[] inner = PrivateKeyInfo.getInstance(pair.getPrivate().getEncoded()).parsePrivateKey()
                    .toASN1Primitive().getEncoded();
            String type = pair.getPrivate().getAlgorithm().equals("RSA") ? "RSA PRIVATE KEY" : "EC PRIVATE KEY";
            return "-----BEGIN " + type + "-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                    .encodeToString(inner)
                    + "\n-----END " + type + "-----\n";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static KeyPair ecdsa() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * An SFTP server on a free loopback port serving {@code root} to {@code user} with
     * {@code password}, its host key {@code hostKey}. While {@link #hold} is closed, a file being
     * opened waits for it (the server holds the connector's call mid-transfer); {@link #opening}
     * counts the opens that began.
     */
    static final class PlainSftpServer implements AutoCloseable {
        final SshServer sshd;
        final Semaphore opening = new Semaphore(0);
        volatile CountDownLatch hold = new CountDownLatch(0);

        PlainSftpServer(Path root, KeyPair hostKey, String user, String password) throws IOException {
            sshd = SshServer.setUpDefaultServer();
            sshd.setHost("127.0.0.1");
            sshd.setPort(0);
            sshd.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
            sshd.setPasswordAuthenticator((name, pass, session) -> name.equals(user) && pass.equals(password));
            sshd.setPublickeyAuthenticator(null);
            sshd.setFileSystemFactory(new VirtualFileSystemFactory(root));
            SftpSubsystemFactory sftp = new SftpSubsystemFactory.Builder().build();
            sftp.addSftpEventListener(new SftpEventListener() {
                @Override
                public void opening(ServerSession session, String remoteHandle, Handle localHandle) throws IOException {
                    opening.release();
                    try {
                        hold.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new java.io.InterruptedIOException("stopped while held");
                    }
                }
            });
            sshd.setSubsystemFactories(List.of(sftp));
            sshd.start();
        }

        int port() {
            return sshd.getPort();
        }

        @Override
        public void close() throws IOException {
            hold.countDown();
            sshd.stop(true);
        }
    }
}

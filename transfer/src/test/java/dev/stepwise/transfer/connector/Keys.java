package dev.stepwise.transfer.connector;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/** Key pairs for the connector tests, and their private keys in the PEM forms a connector's secret holds. */
final class Keys {
    private Keys() {}

    static KeyPair ecdsa() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Legacy PEM, as AWS asks for it and OpenSSL writes it: PKCS#1 "RSA PRIVATE KEY", or SEC1 "EC
     * PRIVATE KEY" with its curve and public key.
     */
    static String legacyPem(KeyPair pair) {
        try {
            PrivateKeyInfo info = PrivateKeyInfo.getInstance(pair.getPrivate().getEncoded());
            if (pair.getPrivate() instanceof ECPrivateKey ec) {
                return pem("EC PRIVATE KEY", sec1(pair, ec, info.getPrivateKeyAlgorithm().getParameters())
                        .getEncoded());
            }
            return pem("RSA PRIVATE KEY", info.parsePrivateKey().toASN1Primitive().getEncoded());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** PKCS#8 PEM ("PRIVATE KEY") as OpenSSL writes it: an EC key carries its public key. */
    static String pkcs8Pem(KeyPair pair) {
        try {
            PrivateKeyInfo info = PrivateKeyInfo.getInstance(pair.getPrivate().getEncoded());
            if (pair.getPrivate() instanceof ECPrivateKey ec) {
                info = new PrivateKeyInfo(info.getPrivateKeyAlgorithm(), sec1(pair, ec, null));
            }
            return pem("PRIVATE KEY", info.getEncoded());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The SEC1 ECPrivateKey structure, with its curve when {@code curve} is not null, and its public key. */
    private static org.bouncycastle.asn1.sec.ECPrivateKey sec1(KeyPair pair, ECPrivateKey ec,
                                                               org.bouncycastle.asn1.ASN1Encodable curve) {
        return new org.bouncycastle.asn1.sec.ECPrivateKey(ec.getParams().getOrder().bitLength(), ec.getS(),
                SubjectPublicKeyInfo.getInstance(pair.getPublic().getEncoded()).getPublicKeyData(), curve);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}

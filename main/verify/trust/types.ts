// A loaded trust store: issuer keys of every credential family, each entry remembering whether it is a demo key.
export type HkRecordType = 'VAC' | 'MEC' | 'EVT';

export interface HkIssuerKey {
  id: string;
  /** major digit of the record's QR version this key signs (VAC/MEC); EVT records ignore it */
  versionMajor: number;
  types: HkRecordType[];
  /** the record's key version field must equal this; absent = any key version (production keys state none) */
  keyVersion?: string;
  /** DER SubjectPublicKeyInfo (P-256) */
  spki: Uint8Array;
  demo: boolean;
  /** name of the store this entry came from */
  store: string;
}

export interface EuDccSigner {
  /** base64 DER X.509 signing certificate, as given */
  certificate: string;
  der: Uint8Array;
  demo: boolean;
  store: string;
}

export interface ShcIssuer {
  iss: string;
  jwks: { keys: Record<string, unknown>[] };
  /** CRL documents as published at .well-known/crl/<kid>.json */
  crls: Record<string, unknown>[];
  demo: boolean;
  store: string;
}

export interface StatusAuthority {
  id: string;
  /** DER SubjectPublicKeyInfo (P-256) */
  spki: Uint8Array;
  demo: boolean;
  store: string;
}

export interface TrustStore {
  name: string;
  /** true when every entry is a demo key (a merged store is demo when any part is; entries say which) */
  demo: boolean;
  hk: HkIssuerKey[];
  eudcc: EuDccSigner[];
  shc: ShcIssuer[];
  status: StatusAuthority[];
}

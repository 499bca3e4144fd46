// The JWS payload of a SMART Health Card, checked with zod: JWT claims plus a FHIR Bundle in vc.credentialSubject.
import { z } from 'zod';

const HEALTH_CARD = 'https://smarthealth.cards#health-card';
const RID = /^[A-Za-z0-9_-]{1,24}$/;

const Resource = z.looseObject({ resourceType: z.string().min(1).max(100) });

export const ShcPayload = z.looseObject({
  iss: z.string().min(1).max(2000),
  nbf: z.number().finite().nonnegative(),
  exp: z.number().finite().nonnegative().optional(),
  vc: z.looseObject({
    type: z.array(z.string().max(500)).max(50).refine((t) => t.includes(HEALTH_CARD), 'not a health card'),
    rid: z.string().regex(RID).optional(),
    credentialSubject: z.looseObject({
      fhirVersion: z.string().min(1).max(20),
      fhirBundle: z.looseObject({
        resourceType: z.literal('Bundle'),
        type: z.string().max(50).optional(),
        entry: z.array(z.looseObject({ fullUrl: z.string().max(200).optional(), resource: Resource })).min(1).max(1000),
      }),
    }),
  }),
});
export type ShcPayload = z.infer<typeof ShcPayload>;

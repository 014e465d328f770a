// The groups area's OpenAPI tag; parameters and problems are shared (server/http/schemas.ts).
export const tags = ['groups'];

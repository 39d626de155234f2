/**
 * Policy versions: every legal term of the procedure is a setting with a default, a legal basis and a
 * version, never a constant in code. A case keeps the version it started under.
 */
export const CURRENT_POLICY_VERSION = '2026.1';

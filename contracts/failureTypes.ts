/** ApplicationFailure types an activity throws and a workflow reacts to, named once for both. */

/** selectPanel: no conflict-free panel can be formed; the hearing workflow waits for the secretary. */
export const PANEL_UNAVAILABLE = 'PanelUnavailable';

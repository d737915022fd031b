/**
 * How a list method learns which rows to return: it counts the matches, hands the total over and gets the
 * window back (REST computes it with `paginate`, GraphQL with its page arguments).
 */
export type ListWindow = (total: number) => { offset: number; limit: number };


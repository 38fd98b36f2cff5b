import { describe, expect, it } from "vitest";
import { queryParam, urlPath, withQuery } from "./url.js";

describe("withQuery", () => {
  it("percent-encodes brackets like cursor links do", () => {
    expect(withQuery("https://acme.example.com/v1/tags.json", { "page[size]": 100 })).toBe(
      "https://acme.example.com/v1/tags.json?page%5Bsize%5D=100",
    );
  });

  it("keeps existing parameters byte for byte and appends new ones", () => {
    const url = "https://a.example.com/v1/search/export.json?query=updated_at%3E%3D2024-05-01+x&filter%5Btype%5D=ticket";
    expect(withQuery(url, { "page[size]": 100 })).toBe(`${url}&page%5Bsize%5D=100`);
  });

  it("replaces a parameter already present, encoded or not", () => {
    expect(withQuery("https://a/x?page%5Bsize%5D=10&b=1", { "page[size]": 100 })).toBe("https://a/x?b=1&page%5Bsize%5D=100");
    expect(withQuery("https://a/x?per_page=10", { per_page: 1000 })).toBe("https://a/x?per_page=1000");
  });

  it("skips undefined, removes null, repeats arrays, keeps the fragment", () => {
    expect(withQuery("https://a/x?page%5Bbefore%5D=abc&k=1#frag", { "page[before]": null, skip: undefined, "filter[created_at][]": ["a", "b"] })).toBe(
      "https://a/x?k=1&filter%5Bcreated_at%5D%5B%5D=a&filter%5Bcreated_at%5D%5B%5D=b#frag",
    );
    expect(withQuery("https://a/x?only=1", { only: null })).toBe("https://a/x");
  });

  it("encodes values that need it", () => {
    expect(withQuery("https://a/x", { query: "type:ticket status<solved", cursor: "ab+/=" })).toBe(
      "https://a/x?query=type%3Aticket%20status%3Csolved&cursor=ab%2B%2F%3D",
    );
  });
});

describe("queryParam / urlPath", () => {
  it("reads decoded parameters", () => {
    expect(queryParam("https://a/x?page%5Bsize%5D=5&start_time=17", "page[size]")).toBe("5");
    expect(queryParam("https://a/x?start_time=17", "missing")).toBeUndefined();
    expect(queryParam("not a url", "x")).toBeUndefined();
  });

  it("drops the query and fragment", () => {
    expect(urlPath("https://a.example.com/v1/tickets.json?page%5Bafter%5D=x#y")).toBe("/v1/tickets.json");
  });
});

;; A module whose initial memory (4 pages) is bigger than LimitsTest's limit.
(module (memory 4))

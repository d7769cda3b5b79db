"""Claim modules, each exposing ``CLAIMS: list[Claim]``; the registry imports them in order.

Ids are exactly those of CLAIMS.md.
"""
MODULES = [
    "paper_diffusion_matrix",  # 003, Section 2: Eqs. (2)-(3), rank, PSD, D = 0
    "paper_metric",  # 003, Section 3: Eqs. (4)-(7), (10) gradient; Appendix A
    "paper_derivation",  # 003, Section 3: Eqs. (8)-(12), the steps of the derivation
    "paper_flows",  # 003, Section 3: Eq. (10) decided by integrating the flows; NUM-NET checks of Eq. (7)
    "paper_sgd",  # 003, Section 2 and Table 1: Eq. (1) mini-batches, |ℬ|-scaling of D, Table 1; NUM-NET checks of §2 and Eq. (6)
    "lecture_training",  # 000, training-procedure slides: score/loss/optimizer, epochs, backprop code, convolution, tables
    "lecture_loss",  # 000, loss slides: softmax and cross-entropy examples, the KL slides, L2 regularisation
    "lecture_fisher",  # 000, the Fisher matrix F and the local data matrix G (symbolic parts in lecture_fisher_proofs)
    "lecture_leaf",  # 000, "Result (F.-Grementieri, 2021)": brackets, the data leaf, the Fisher distribution
    "lecture_conjugate",  # 000, appendix: conjugate connections, Eguchi's relations for a divergence
    "book_facts",  # 004, front matter and contents only: ISBN/TOC, ReLU regions, Hankel, Kronecker/vec, NTK
]

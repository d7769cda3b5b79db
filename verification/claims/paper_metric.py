"""(being written)"""
CLAIMS: list = []
